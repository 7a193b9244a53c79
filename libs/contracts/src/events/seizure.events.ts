import { IsBoolean, IsEnum, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsChinesePlate } from '../plates/is-plate.decorator';
import { IsOptionalVehicleColor, IsOptionalVehicleText, IsOptionalVehicleType } from '../plates/is-vehicle.decorator';
import { PlateColor } from '../plates/plate';
import { VehicleColor, VehicleType } from '../plates/vehicle';
import { IsTimestamp } from '../time/timestamp';

/**
 * A seal the traffic side must watch for. The owner's name stays with the court: the traffic
 * side needs the plate, not the person.
 */
export class SeizureRegisteredPayload {
  @IsUUID()
  seizureId: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  caseNumber: string;

  /** Normalized plate. */
  @IsChinesePlate()
  plate: string;

  @IsOptional()
  @IsEnum(PlateColor)
  plateColor?: PlateColor;

  @IsOptional()
  @IsString()
  @MaxLength(17)
  vin?: string;

  /** Body colour, brand, model and type from the vehicle's registration (optional; added in v1 without a version bump). */
  @IsOptionalVehicleColor()
  vehicleColor?: VehicleColor;

  @IsOptionalVehicleText()
  vehicleBrand?: string;

  @IsOptionalVehicleText()
  vehicleModel?: string;

  @IsOptionalVehicleType()
  vehicleType?: VehicleType;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  tribunal?: string;

  @IsBoolean()
  livelihood: boolean;

  @IsTimestamp()
  sealedAt: string;

  @IsTimestamp()
  expiresAt: string;
}

export class SeizureReleasedPayload {
  @IsUUID()
  seizureId: string;

  @IsChinesePlate()
  plate: string;

  @IsTimestamp()
  releasedAt: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
