import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { KafkaConsumerStatus } from '../kafka/kafka-event.server';
import { OutboxRelay } from '../outbox/outbox.relay';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consumer: KafkaConsumerStatus,
    private readonly outbox: OutboxRelay,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Readiness: the database answers and the Kafka consumer has joined its group' })
  async health(@Res() res: Response): Promise<void> {
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
