import { IsBoolean, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsChinesePlate } from '../plates/is-plate.decorator';
import { IsTimestamp } from '../time/timestamp';
import { VehicleDescription } from './vehicle-description.dto';

/**
 * A seal the traffic side must watch for. The owner's name stays with the court: the traffic
 * side needs the plate, not the person. The registered vehicle's description (`VehicleDescription`:
 * plate and body colour, make, model, kind; body colour onwards added in v1 without a version
 * bump) is what the matcher compares with what cameras see.
 */
export class SeizureRegisteredPayload extends VehicleDescription {
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
  @IsString()
  @MaxLength(17)
  vin?: string;

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
