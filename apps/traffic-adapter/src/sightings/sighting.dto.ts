import { CameraRead } from '@app/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { FieldProblemDoc } from '@app/platform';
import { IsOptional, IsString, Matches } from 'class-validator';

/** One checkpoint camera read over HTTP: the contract's read, plus the feed's own id for it. */
export class SightingDto extends CameraRead {
  /** The feed's own id for this read; a repeated id is ignored. */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,100}$/, { message: 'eventId must be 1-100 letters, digits or . _ : -' })
  eventId?: string;
}

/**
 * Keys a batch of reads may hold per read (POST /api/v1/sightings and /inspections): a read has
 * at most 15 (its 12 fields, `location`'s 3), an inspection fewer; twice that and more leaves
 * room. With SIGHTINGS_MAX_BATCH this sizes traffic-adapter's body key limit.
 */
export const BODY_KEYS_PER_READ = 32;

/** Why one item of a batch was refused. */
export class ReadRefusalDto {
  /** Position of the item in the request's array (0 for a single object). */
  index: number;
  /** The item's eventId, when it had a usable one. */
  eventId?: string;
  /** What is wrong, one sentence per field, naming it. */
  errors: string[];
  /** The same problems, each with its field (within the item), stable code and values, for clients and pages to act on. */
  @ApiProperty({ type: [FieldProblemDoc] })
  problems: FieldProblemDoc[];
}

/**
 * The answer to a batch of reads. 200 when every item was taken (the v1 body); 207 (Multi-Status)
 * when some were refused, which `refused` counts and `refusals` lists with the reasons; a batch
 * none of whose items can be taken is a 400.
 */
export class SightingsAcceptedDto {
  /** Reads taken in (items of the request minus those refused). */
  received: number;
  /** Hits published for them (one read of a plate with two seals makes two). */
  hits: number;
  /** Reads ignored because their eventId was already processed. */
  duplicates: number;
  /** Items refused (207 only). */
  refused?: number;
  /** Each refused item: where it was in the request and why (207 only). */
  refusals?: ReadRefusalDto[];
}
