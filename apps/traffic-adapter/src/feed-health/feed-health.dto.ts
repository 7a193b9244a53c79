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
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description:
      "Share of those reads that no plate can be (a lost province, a lost or doubled character, an I or O, an unissued prefix, a plate colour reported that the read's form rules out): each certainly a misread. A camera far above its peers misreads (a dirty lens, a bad angle, glare); null before its first read",
  })
  certainMisreadShare: number | null;
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
