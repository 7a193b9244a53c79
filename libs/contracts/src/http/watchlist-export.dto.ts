import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsEnum, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { IsChinesePlate } from '../plates/is-plate.decorator';
import { IsOptionalVehicleColor, IsOptionalVehicleText, IsOptionalVehicleType } from '../plates/is-vehicle.decorator';
import { PlateColor } from '../plates/plate';
import { VehicleColor, VehicleType } from '../plates/vehicle';
import { IsTimestamp } from '../time/timestamp';

/** One seal in force, as court-gateway's watchlist export (`GET /api/v1/watchlist-export`) lists it. */
export class WatchlistExportItem {
  @IsUUID()
  seizureId: string;

  /** Normalized plate. */
  @IsChinesePlate()
  plate: string;

  @IsOptional()
  @IsEnum(PlateColor)
  plateColor: PlateColor | null;

  /** The registered vehicle (optional: an older court-gateway leaves them out). */
  @IsOptionalVehicleColor()
  vehicleColor?: VehicleColor | null;

  @IsOptionalVehicleText()
  vehicleBrand?: string | null;

  @IsOptionalVehicleText()
  vehicleModel?: string | null;

  @IsOptionalVehicleType()
  vehicleType?: VehicleType | null;

  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  caseNumber: string;

  @IsBoolean()
  livelihood: boolean;

  @IsTimestamp()
  sealedAt: string;

  @IsTimestamp()
  expiresAt: string;
}

/**
 * One page of the export, ordered by seizureId. The pages together are every seal in force
 * (active and unexpired) at the court: a seal the adapter watches that is on none of them is no
 * longer in force.
 */
export class WatchlistExportPage {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => WatchlistExportItem)
  items: WatchlistExportItem[];

  /** Pass as `cursor` for the next page; null on the last page. */
  @IsOptional()
  @IsUUID()
  nextCursor: string | null;

  /** The court's time the page was read at. */
  @IsTimestamp()
  asOf: string;
}
