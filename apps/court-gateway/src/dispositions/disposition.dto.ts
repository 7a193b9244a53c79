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
