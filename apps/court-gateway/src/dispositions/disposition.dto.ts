import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DispositionState } from '@app/contracts';

/** A seal's 布控 on the police GA/T 1400 platform, as traffic-adapter's connector last reported it. */
export class SealDispositionView {
  @ApiProperty({ enum: DispositionState })
  state: DispositionState;
  /** The 33-digit DispositionID on the platform. */
  dispositionId: string;
  /** The platform's StatusCode (0 OK, 4 invalid operation, 8 invalid content, …). */
  @ApiPropertyOptional({ type: Number, nullable: true })
  statusCode: number | null;
  /** The platform's StatusString: why it refused, in its words. */
  @ApiPropertyOptional({ type: String, nullable: true })
  statusString: string | null;
  /** End of the 布控's validity as sent (the seal's term). */
  @ApiPropertyOptional({ type: String, nullable: true })
  endsAt: string | null;
  /** The police 视图库's id. */
  platformId: string;
  changedAt: string;
}

/** A seal the police platform is not watching for: its 布控 failed, or is not answered yet. */
export class DispositionNotInForceView extends SealDispositionView {
  seizureId: string;
  plate: string;
  caseNumber: string;
}

export class DispositionSummaryView {
  /** 布控 by state (requested, confirmed, failed, revoked) over the seals that have one. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { confirmed: 120, requested: 1, failed: 2, revoked: 40 } })
  counts: Record<string, number>;
  /** Active seals whose 布控 is not in force, oldest change first. */
  @ApiProperty({ type: [DispositionNotInForceView] })
  notInForce: DispositionNotInForceView[];
}
