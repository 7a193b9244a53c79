import { IsDateString, IsUUID } from 'class-validator';
import { IsChinesePlate } from '../plates/is-plate.decorator';

/** 续封: the seal is renewed with a new expiry. */
export class SeizureRenewedPayload {
  @IsUUID()
  seizureId: string;

  @IsChinesePlate()
  plate: string;

  @IsDateString({ strict: true })
  expiresAt: string;

  @IsDateString({ strict: true })
  renewedAt: string;
}
