import { InterceptionOutcomePayload, InterceptionResult } from '@app/contracts';
import { ApiProperty, IntersectionType, PartialType, PickType } from '@nestjs/swagger';

/**
 * What the traffic system reports back about an interception request: the contract's outcome
 * (traffic.intercepts.v1) less the ids the URL gives, with `reportedAt` optional (it defaults to
 * the time of the report).
 */
export class InterceptionOutcomeDto extends IntersectionType(
  PickType(InterceptionOutcomePayload, ['result', 'reportedBy', 'note', 'location'] as const),
  PartialType(PickType(InterceptionOutcomePayload, ['reportedAt'] as const)),
) {
  /** When it happened; defaults to the time of the report. */
  declare reportedAt?: string;
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
