import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FeedScope, FeedState } from '@app/contracts';

export class FeedHealthStateView {
  @ApiProperty({ enum: FeedScope })
  scope: FeedScope;
  /** Camera id, checkpoint group id, 'all', or the police GA/T 1400 platform's id (scope platform). */
  subjectId: string;
  @ApiProperty({ enum: FeedState })
  state: FeedState;
  @ApiPropertyOptional({ type: String, nullable: true })
  lastReadAt: string | null;
  quietSeconds: number;
  changedAt: string;
  /** Why, when known (the platform link: registration refused, unreachable, clock skew). */
  @ApiPropertyOptional({ type: String, nullable: true })
  reason: string | null;
}

export class FeedHealthChangeView extends FeedHealthStateView {
  eventId: string;
}

export class FeedHealthOverview {
  /** Subjects where the watch is blind now. */
  @ApiProperty({ type: [FeedHealthStateView] })
  blind: FeedHealthStateView[];
  /** Every subject the traffic side has reported, with its latest state. */
  @ApiProperty({ type: [FeedHealthStateView] })
  items: FeedHealthStateView[];
}
