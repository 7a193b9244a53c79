import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class WriteHandoffDto {
  /** What the next officer on duty must know: where the car was last seen, who was called, what is promised. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  note: string;
}

export class HandoffNoteView {
  id: string;
  alertId: string;
  note: string;
  writtenBy: string;
  authorOfficerId: string | null;
  createdAt: string;
}
