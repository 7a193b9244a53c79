import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CHECKPOINT_ID, IsLatitudeDegrees, IsLongitudeDegrees } from '@app/contracts';

export const CHECKPOINT_ID_PATTERN = CHECKPOINT_ID;

/** A checkpoint as the traffic system's integrator registers it. */
export class PutCheckpointDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @IsLatitudeDegrees()
  lat: number;

  @IsLongitudeDegrees()
  lon: number;

  /** Court team id covering the checkpoint, e.g. 'fangcheng'. */
  @IsOptional()
  @Matches(/^[a-z0-9_-]{1,64}$/, { message: 'jurisdiction must be a court team id: 1-64 lower-case letters, digits, - or _' })
  jurisdiction?: string;

  /** Checkpoint group watched as one for feed health. */
  @IsOptional()
  @Matches(CHECKPOINT_ID_PATTERN, { message: 'groupId must be 1-100 letters, digits or . _ : -' })
  groupId?: string;

  /** Cameras at this checkpoint besides the checkpoint id itself (a camera whose id is the checkpoint id needs no entry). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(CHECKPOINT_ID_PATTERN, { each: true, message: 'each value in cameraIds must be 1-100 letters, digits or . _ : -' })
  cameraIds?: string[];
}

export class CheckpointView {
  id: string;
  name: string;
  lat: number;
  lon: number;
  @ApiPropertyOptional({ type: String, nullable: true })
  jurisdiction: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  groupId: string | null;
  @ApiProperty({ type: [String] })
  cameraIds: string[];
  updatedAt: string;
}
