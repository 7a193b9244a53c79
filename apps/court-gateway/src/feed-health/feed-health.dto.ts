import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FeedScope, FeedState } from '@app/contracts';

export class FeedHealthStateView {
  @ApiProperty({ enum: FeedScope })
  scope: FeedScope;
  /** Camera id, checkpoint group id, or 'all'. */
  subjectId: string;
  @ApiProperty({ enum: FeedState })
  state: FeedState;
  @ApiPropertyOptional({ type: String, nullable: true })
  lastReadAt: string | null;
  quietSeconds: number;
  changedAt: string;
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
