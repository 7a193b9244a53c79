import { Controller, Get, HttpStatus, Logger, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { Response } from 'express';
import { KafkaConsumerStatus } from '../kafka/kafka-event.server';
import { OutboxRelay, OutboxStatus } from '../outbox/outbox.relay';
import { Public } from '../auth/auth.decorators';

/**
 * Liveness (the process answers: restart it if not) apart from readiness (it can do its work:
 * send it traffic if so). A database or broker outage makes an instance not ready, never not
 * live: restarting it would not bring PostgreSQL back, and it recovers by itself. Not ready too
 * while the consumer is joining or rejoining its group (its partitions are not being consumed)
 * and while the outbox is stalled (events are not reaching Kafka: the oldest unpublished entry is
 * older than OUTBOX_STALL_SECONDS). The database counts as up when the outbox's backlog can be
 * read (OutboxRelay.status: one query, through OutboxRepository).
 */
/** What readiness answers, 200 or 503 alike (docs/operations.md: Health). */
const READINESS: SchemaObject = {
  type: 'object',
  required: ['status', 'database', 'kafka', 'outbox', 'outboxBacklog', 'outboxOldestSeconds'],
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded'] },
    database: { type: 'string', description: '`up`, or `down: …` with the reason' },
    kafka: { type: 'string', description: '`up`, or why the consumer is not consuming (joining, rejoining, restarting)' },
    outbox: { type: 'string', description: '`up`, or `stalled: …` with the oldest entry\'s age and the failing partitions' },
    outboxBacklog: { type: 'integer', nullable: true },
    outboxOldestSeconds: { type: 'integer', nullable: true },
  },
};

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  private readonly log = new Logger(HealthController.name);
  /** The last readiness answered: null before the first probe, true once ready. */
  private lastReady: boolean | null = null;
  private everReady = false;

  constructor(
    private readonly consumer: KafkaConsumerStatus,
    private readonly outbox: OutboxRelay,
  ) {}

  /** The same as GET /health/ready. */
  @Get()
  @ApiOperation({
    summary: 'Readiness (v1 contract): the database answers, the Kafka consumer is in its group and the outbox is not stalled; 503 with the reasons otherwise',
  })
  @ApiOkResponse({ description: 'Ready', schema: READINESS })
  @ApiServiceUnavailableResponse({ description: 'Not ready: the fields say why', schema: READINESS })
  health(@Res() res: Response): Promise<void> {
    return this.readiness(res);
  }

  /** For a readiness probe or load balancer. An outage makes an instance not ready, never not live: it recovers by itself. */
  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: the database answers, the Kafka consumer is in its group and the outbox is not stalled; 503 with the reasons otherwise',
  })
  @ApiOkResponse({ description: 'Ready', schema: READINESS })
  @ApiServiceUnavailableResponse({ description: 'Not ready: the fields say why', schema: READINESS })
  ready(@Res() res: Response): Promise<void> {
    return this.readiness(res);
  }

  /** For a liveness probe: restart the process when this fails. */
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process serves HTTP' })
  @ApiOkResponse({ description: 'Alive', schema: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  private async readiness(res: Response): Promise<void> {
    let database = 'up';
    let outbox: OutboxStatus | null = null;
    try {
      outbox = await this.outbox.status();
    } catch (error) {
      database = `down: ${(error as Error).message}`;
    }
    const kafka = this.consumer.notReadyReason() ?? 'up';
    const outboxState = outbox === null ? 'unknown: the database is down' : (outbox.stalled ?? 'up');
    const ok = database === 'up' && kafka === 'up' && outboxState === 'up';
    this.noteReadiness(ok, `database ${database}; kafka ${kafka}; outbox ${outboxState}`);
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({
      status: ok ? 'ok' : 'degraded',
      database,
      kafka,
      outbox: outboxState,
      outboxBacklog: outbox?.backlog ?? null,
      outboxOldestSeconds: outbox?.oldestSeconds ?? null,
    });
  }

  /**
   * One line when readiness changes, not one per probe (the access log keeps not-ready probes at
   * debug). Not ready before ever being ready is the start-up, not a warning.
   */
  private noteReadiness(ok: boolean, why: string): void {
    if (ok === this.lastReady) return;
    this.lastReady = ok;
    if (ok) {
      this.log.log(this.everReady ? 'ready again' : 'ready');
      this.everReady = true;
    } else if (this.everReady) {
      this.log.warn(`not ready: ${why}`);
    } else {
      this.log.log(`not ready yet: ${why}`);
    }
  }
}
