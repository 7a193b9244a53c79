import { GeoLocation, InterceptionResult, IsTimestamp } from '@app/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

/** What the traffic system reports back about an interception request. */
export class InterceptionOutcomeDto {
  @ApiProperty({ enum: InterceptionResult })
  @IsEnum(InterceptionResult)
  result: InterceptionResult;

  /** When it happened; defaults to the time of the report. */
  @IsOptional()
  @IsTimestamp()
  reportedAt?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  reportedBy?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => GeoLocation)
  location?: GeoLocation;
}

export class InterceptionStatusView {
  interceptionId: string;
  alertId: string;
  /** Delivery of the request to the traffic system. */
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] })
  status: string;
  attempts: number;
  /** The outcome reported, once reported. */
  @ApiProperty({ enum: InterceptionResult, nullable: true })
  result: InterceptionResult | null;
}
