import { IsTimestamp } from '@app/contracts';
import { IsNumber, IsOptional, Max, Min } from 'class-validator';

/** One fix from the phone's geolocation (GeolocationPosition.coords and .timestamp). */
export class SharePositionDto {
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat: number;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lon: number;

  /** Metres (coords.accuracy); at most POSITION_MAX_ACCURACY_M. */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  accuracy: number;

  /** When the phone took the fix (RFC 3339 with its offset, as every instant we take: one without a zone would be read in the server's); now when absent. */
  @IsOptional()
  @IsTimestamp()
  at?: string;
}

export class PositionView {
  alertId: string;
  officerId: string;
  officerName?: string;
  badge?: string;
  lat: number;
  lon: number;
  accuracy: number;
  at: string;
}

export class StopSharingView {
  /** False when nothing was shared. */
  deleted: boolean;
}
