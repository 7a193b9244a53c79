import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { KafkaConsumerStatus } from '../kafka/kafka-event.server';
import { OutboxRelay, OutboxStatus } from '../outbox/outbox.relay';
import { Public } from '../auth/auth.decorators';

/**
 * Liveness (the process answers: restart it if not) apart from readiness (it can do its work:
 * send it traffic if so). A database or broker outage makes an instance not ready, never not
 * live: restarting it would not bring PostgreSQL back, and it recovers by itself. Not ready too
 * while the consumer is joining or rejoining its group (its partitions are not being consumed)
 * and while the outbox is stalled (events are not reaching Kafka: the oldest unpublished entry is
 * older than OUTBOX_STALL_SECONDS).
 */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consumer: KafkaConsumerStatus,
    private readonly outbox: OutboxRelay,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Readiness (v1 contract): the database answers, the Kafka consumer is in its group and the outbox is not stalled; 503 with the reasons otherwise',
  })
  health(@Res() res: Response): Promise<void> {
    return this.readiness(res);
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: the database answers, the Kafka consumer is in its group and the outbox is not stalled; 503 with the reasons otherwise',
  })
  ready(@Res() res: Response): Promise<void> {
    return this.readiness(res);
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process serves HTTP' })
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
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({
      status: ok ? 'ok' : 'degraded',
      database,
      kafka,
      outbox: outboxState,
      outboxBacklog: outbox?.backlog ?? null,
      outboxOldestSeconds: outbox?.oldestSeconds ?? null,
    });
  }
}
