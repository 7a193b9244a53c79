import { IsLatitudeDegrees, IsLongitudeDegrees, IsTimestamp, IsYuan } from '@app/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEnum, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min, MinLength } from 'class-validator';
import { CustodyState } from './custody';
import { DebtorResponse, PlaceSource } from './impound.entity';
import { PaperKind } from './papers';

/**
 * The 扣押 record as the officer gives it: sent as JSON, or as the `record` field (JSON text) of a
 * multipart/form-data request whose `photos` parts are the pictures.
 */
export class RecordImpoundDto {
  /** When the car was taken (RFC 3339 with its offset, as every instant we take); now when absent. Not in the future, not before the alert opened. */
  @IsOptional()
  @IsTimestamp()
  seizedAt?: string;

  /** Where, as people say it (road, landmark). Without a place, the first photo's EXIF GPS is used. */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  placeName?: string;

  // The one coordinate rule (JSON numbers in degrees): class-validator's IsLatitude took "21.7" as text.
  @IsOptional()
  @IsLatitudeDegrees()
  lat?: number;

  @IsOptional()
  @IsLongitudeDegrees()
  lon?: number;

  /** Car keys taken. */
  @IsInt()
  @Min(0)
  @Max(20)
  keysCount: number;

  /** 行驶证 (registration certificate) taken. */
  @IsBoolean()
  registrationCertificate: boolean;

  /** The vehicle's condition: damage, what is inside. */
  @IsString()
  @Length(1, 1000)
  vehicleCondition: string;

  /** Odometer reading, km. */
  @IsInt()
  @Min(0)
  @Max(3_000_000)
  odometerKm: number;

  /** Who drove (or towed) it to the yard. */
  @IsString()
  @Length(1, 100)
  drivenBy: string;

  /** One of the configured storage yards (GET /api/v1/impounds/yards). */
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  yardId: string;

  /** The judgment debtor's response: paid_in_full, settlement or refused. */
  @IsEnum(DebtorResponse)
  debtorResponse: DebtorResponse;

  /** The car's estimated value in yuan: custody fees are watched against it. */
  @IsOptional()
  @IsYuan()
  @Min(1)
  @Max(100_000_000)
  estimatedValueYuan?: number;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;

  /** The acting officer, where the caller may name one (the desk); an officer acts as themselves. */
  @IsOptional()
  @IsUUID()
  officerId?: string;
}

export class EndCustodyDto {
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;

  @IsOptional()
  @IsUUID()
  officerId?: string;
}

export class EstimateValueDto {
  /** The car's estimated value in yuan. */
  @IsYuan()
  @Min(1)
  @Max(100_000_000)
  estimatedValueYuan: number;
}

export class StorageYardView {
  id: string;
  name: string;
  address: string | null;
  /** Yuan a day, two decimals. */
  dailyRateYuan: string;
}

export class CustodyView {
  @ApiProperty({ enum: CustodyState })
  state: CustodyState;
  /** Days charged so far (each day begun counts; until the end of custody once it ended). */
  days: number;
  /** Fees so far, yuan with two decimals. */
  feesYuan: string;
  /** Fees have reached `feeWarningShare` of the estimated value. */
  feeWarning: boolean;
  feeShareOfValue: number | null;
  feeWarningShare: number;
  endedAt: string | null;
  endedBy: string | null;
  endNote: string | null;
}

export class ImpoundView {
  id: string;
  alertId: string;
  seizureId: string;
  caseNumber: string;
  /** Full plate: the desk and the assigned officers see it, as on the alert. */
  plate: string;
  seizedAt: string;
  place: { name: string | null; lat: number | null; lon: number | null; source: PlaceSource };
  keysCount: number;
  registrationCertificate: boolean;
  vehicleCondition: string;
  odometerKm: number;
  drivenBy: string;
  yard: StorageYardView;
  estimatedValueYuan: string | null;
  @ApiProperty({ enum: DebtorResponse })
  debtorResponse: DebtorResponse;
  note: string | null;
  recordedBy: string;
  recordedAt: string;
  /** Links to the stripped photos. */
  photos: { n: number; url: string }[];
  /** Links to the papers (PDF). */
  papers: { kind: PaperKind; title: string; url: string }[];
  custody: CustodyView;
}

export class ImpoundListQuery {
  @ApiPropertyOptional({ enum: CustodyState })
  @IsOptional()
  @IsIn(Object.values(CustodyState))
  custody?: CustodyState;
}
