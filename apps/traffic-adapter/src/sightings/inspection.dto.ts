import { InspectionRead } from '@app/contracts';
import { IsOptional, IsString, Matches } from 'class-validator';

/** An annual inspection (年检) booking or arrival over HTTP: the contract's shape, plus the feed's own id. */
export class InspectionDto extends InspectionRead {
  /** The feed's own id for this event; a repeated id is ignored. */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,100}$/, { message: 'eventId must be 1-100 letters, digits or . _ : -' })
  eventId?: string;
}
