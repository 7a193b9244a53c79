import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { KafkaConsumerStatus } from '../kafka/kafka-event.server';
import { OutboxRelay } from '../outbox/outbox.relay';
import { Public } from '../auth/auth.decorators';

/**
 * Liveness (the process answers: restart it if not) apart from readiness (it can do its work:
 * send it traffic if so). A database or broker outage makes an instance not ready, never not
 * live: restarting it would not bring PostgreSQL back, and it recovers by itself.
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
  @ApiOperation({ summary: 'Readiness (v1 contract): the database answers and the Kafka consumer has joined its group' })
  health(@Res() res: Response): Promise<void> {
    return this.readiness(res);
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the database answers and the Kafka consumer has joined its group; 503 with the details otherwise' })
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
    let outboxBacklog: number | null = null;
    try {
      outboxBacklog = await this.outbox.backlog();
    } catch (error) {
      database = `down: ${(error as Error).message}`;
    }
    const kafka = this.consumer.joined ? 'up' : `joining${this.consumer.lastError ? `: ${this.consumer.lastError}` : ''}`;
    const ok = database === 'up' && kafka === 'up';
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({ status: ok ? 'ok' : 'degraded', database, kafka, outboxBacklog });
  }
}
