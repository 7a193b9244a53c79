import { IsUUID } from 'class-validator';
import { IsChinesePlate } from '../plates/is-plate.decorator';
import { IsTimestamp } from '../time/timestamp';

/** 续封: the seal is renewed with a new expiry. */
export class SeizureRenewedPayload {
  @IsUUID()
  seizureId: string;

  @IsChinesePlate()
  plate: string;

  @IsTimestamp()
  expiresAt: string;

  @IsTimestamp()
  renewedAt: string;
}
