import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FeedScope, FeedState } from '@app/contracts';

export class CameraHealthView {
  cameraId: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null for a camera not in the checkpoint registry' })
  checkpointId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  groupId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null for a registered camera that has not read yet' })
  lastReadAt: string | null;
  /** Reads in the last minute (approximate sliding window). */
  readsPerMinute: number;
  /** Reads since this instance started. */
  totalReads: number;
  @ApiProperty({ enum: FeedState })
  state: FeedState;
}

export class QuietSubjectView {
  @ApiProperty({ enum: FeedScope })
  scope: FeedScope;
  subjectId: string;
}

export class FeedStateView {
  @ApiProperty({ enum: FeedState })
  state: FeedState;
  readsPerMinute: number;
}

export class FeedHealthView {
  checkedAt: string;
  feed: FeedStateView;
  @ApiProperty({ type: [QuietSubjectView] })
  quiet: QuietSubjectView[];
  @ApiProperty({ type: [CameraHealthView] })
  cameras: CameraHealthView[];
}
