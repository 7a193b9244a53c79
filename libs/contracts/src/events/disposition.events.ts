import { IsEnum, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IsTimestamp } from '../time/timestamp';

/** Where a seal's 布控 (GA/T 1400 disposition) on the police 视图库 stands. */
export enum DispositionState {
  /** Sent to the platform; no answer yet (or it did not answer and the request is being repeated). */
  Requested = 'requested',
  /** The platform took it: it matches the plate and will raise alarms. */
  Confirmed = 'confirmed',
  /** The platform refused it; `statusString` says why. Tried again with backoff. */
  Failed = 'failed',
  /** 撤控: withdrawn after the seal was released or lapsed. */
  Revoked = 'revoked',
}

/**
 * traffic-adapter tells the court where each seal's 布控 stands, so the seal shows whether the
 * police platform is really watching for the car. Keyed by seizure id; the latest `changedAt` wins.
 */
export class DispositionStateChangedPayload {
  @IsUUID()
  seizureId: string;

  /** The 33-digit DispositionID on the platform. */
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'dispositionId must be 1-64 letters, digits, - or _' })
  dispositionId: string;

  @IsEnum(DispositionState)
  state: DispositionState;

  /** The platform's StatusCode when it answered (0 OK, 4 invalid operation, 8 invalid content, …). */
  @IsOptional()
  @IsInt()
  statusCode?: number;

  /** The platform's StatusString: why a 布控 failed, in its words. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  statusString?: string;

  /** End of the 布控's validity (the seal's term) as sent. */
  @IsOptional()
  @IsTimestamp()
  endsAt?: string;

  @IsTimestamp()
  changedAt: string;

  /** The police 视图库's 20-digit id. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  platformId: string;
}
