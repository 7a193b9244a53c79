import { SeizureStatus } from './seizure.entity';
import { FitsPlate, IsCaseNumber, IsChinesePlate, IsOptionalPlateColor, IsTimestamp, PlateColor, VehicleColor, VehicleDescription, VehicleType } from '@app/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { SealDispositionView } from '../dispositions/disposition.dto';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** A seal to register; the registered vehicle's description (`VehicleDescription`) is what cameras are compared with. */
export class RegisterSeizureDto extends VehicleDescription {
  /** Court case number, e.g. (2025)桂0603执1234号. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  @IsCaseNumber()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  caseNumber: string;

  /** Chinese plate; separators, full-width characters and case are normalized. */
  @IsChinesePlate()
  plate: string;

  /** Must fit the plate where the plate settles it: green ⇔ new-energy, 警 white, 学/挂 yellow. */
  @FitsPlate('plate')
  // The description's own rules again: class-validator drops a base class's custom rules on a
  // property the subclass decorates too, so without this any plateColor (12345, "NOT_A_VALUE")
  // was registered.
  @IsOptionalPlateColor()
  // The fit rule is the registration's own (a camera's read of a misread plate may not fit), so it
  // is added here rather than on the description. The initializer only restates the `undefined`
  // every field starts as; TypeScript wants one on a field that adds a rule to its base's.
  override plateColor?: PlateColor = undefined;

  /** Vehicle identification number (车架号): 17 characters, no I, O or Q. */
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @Matches(/^[A-HJ-NPR-Z0-9]{17}$/, { message: 'vin must be 17 letters and digits without I, O or Q' })
  vin?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  ownerName?: string;

  /** The tribunal (法庭) that enforces the case, e.g. 防城法庭; alerts are routed to its team. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  tribunal?: string;

  /** 涉民生: livelihood case, handled with priority. */
  @IsOptional()
  @IsBoolean()
  livelihood?: boolean;

  /** ISO 8601; defaults to now. */
  @IsOptional()
  @IsTimestamp()
  sealedAt?: string;

  /** ISO 8601; defaults to two years after sealedAt, the statutory maximum for movable property. */
  @IsOptional()
  @IsTimestamp()
  expiresAt?: string;
}

export class ReleaseSeizureDto {
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class SeizureView {
  id: string;
  caseNumber: string;
  plate: string;
  plateColor: PlateColor | null;
  vin: string | null;
  vehicleColor: VehicleColor | null;
  vehicleBrand: string | null;
  vehicleModel: string | null;
  vehicleType: VehicleType | null;
  ownerName: string | null;
  tribunal: string | null;
  livelihood: boolean;
  sealedAt: string;
  expiresAt: string;
  status: SeizureStatus;
  releasedAt: string | null;
  releaseReason: string | null;
  createdAt: string;
  renewedAt: string | null;
  expiredAt: string | null;
  /** The seal's 布控 on the police GA/T 1400 platform, when traffic-adapter's connector runs in disposition mode; null otherwise. */
  @ApiPropertyOptional({ type: SealDispositionView, nullable: true })
  disposition?: SealDispositionView | null;
}

export class RenewSeizureDto {
  /** ISO 8601: the renewed term's end, after the current expiry and at most two years from now. */
  @IsTimestamp()
  expiresAt: string;
}

export class ExpiringSealView {
  seizureId: string;
  caseNumber: string;
  plate: string;
  tribunal: string | null;
  expiresAt: string;
  daysLeft: number;
  /** SEAL_EXPIRY_WARNING_DAYS before expiresAt. */
  warningDueAt: string;
  /** When the court was warned for this term; null if not yet. */
  warnedAt: string | null;
}

export class ExpiringSealsView {
  items: ExpiringSealView[];
}

/** A warning created by the expiry job: what a notification channel sends to the registering court. */
export class SealExpiryWarningView {
  seizureId: string;
  caseNumber: string;
  plate: string;
  tribunal: string | null;
  expiresAt: string;
  warnedAt: string;
  daysLeft: number;
}
