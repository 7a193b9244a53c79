import { Logger } from '@nestjs/common';
import type { Response } from 'express';
import type { KafkaConsumerStatus } from '../kafka/kafka-event.server';
import type { OutboxRelay } from '../outbox/outbox.relay';
import { HealthController } from './health.controller';

describe(HealthController.name, () => {
  it('logs readiness when it changes, not on every probe; not ready during the start is no warning', async () => {
    let kafka: string | null = 'joining the group';
    const consumer = { notReadyReason: () => kafka } as unknown as KafkaConsumerStatus;
    const outbox = { status: async () => ({ stalled: null, backlog: 0, oldestSeconds: null }) } as unknown as OutboxRelay;
    const sut = new HealthController(consumer, outbox);
    const lines: string[] = [];
    const spies = (['log', 'warn'] as const).map((level) => jest.spyOn(Logger.prototype, level).mockImplementation((...args: unknown[]) => void lines.push(`${level} ${String(args[0])}`)));
    const res = { status: () => res, json: () => res } as unknown as Response;
    const probe = async (times = 1) => {
      for (let i = 0; i < times; i++) await sut.ready(res);
    };
    try {
      await probe(3);
      kafka = null;
      await probe(2);
      kafka = 'rejoining after a rebalance';
      await probe(2);
      kafka = null;
      await probe();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(lines).toEqual([
      'log not ready yet: database up; kafka joining the group; outbox up',
      'log ready',
      'warn not ready: database up; kafka rejoining after a rebalance; outbox up',
      'log ready again',
    ]);
  });
});
