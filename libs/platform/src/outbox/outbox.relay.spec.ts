import { OutboxRelay } from './outbox.relay';
import { OutboxRepository, PendingEvent } from './outbox.repository';
import { Transactions } from '../database/transactions';
import { MessagePublisher } from '../kafka/kafkajs.client';
import { Scheduler } from '../scheduling/scheduler';

describe(OutboxRelay.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('leaves no timer behind a pass whose sends finished: a closing process is not held for the settle wait', async () => {
    const pending: PendingEvent[] = [{ id: '1', topic: 'seizure.events', key: 'k', envelope: { eventId: 'e-1' } }];
    const published: string[] = [];
    const rows = {
      lockRelay: async () => true,
      nextBatch: async () => pending.splice(0),
      markPublished: async (ids: string[]) => void published.push(...ids),
    } as unknown as OutboxRepository;
    const tx = { runAlone: <T>(work: () => Promise<T>) => work() } as unknown as Transactions;
    const publisher = { publish: async () => undefined, partitionCount: async () => 3 } as unknown as MessagePublisher;
    const relay = new OutboxRelay(rows, tx, publisher, { pollMs: 100 }, {} as Scheduler);

    // drain() runs passes until one publishes nothing; the send's kick schedules the relay's own poll.
    await expect(relay.drain()).resolves.toBe(1);
    expect(published).toEqual(['1']);
    await relay.onApplicationShutdown();
    expect(jest.getTimerCount()).toBe(0);
  });
});
