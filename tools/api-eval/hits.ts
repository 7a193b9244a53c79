/**
 * Hits as court-gateway sees them: `traffic.hits.v1` (README, Topics), read with kafkajs in a
 * consumer group of our own, from the earliest offset. Each message is the v1 envelope
 * `{ eventId, type, schemaVersion, occurredAt, producer, payload }`; a `VehicleSighted` payload
 * names the read it came from (`sightingId`, the read's own eventId) and the seal (`seizureId`).
 * Delivery is at least once: a repeated `hitId` is the same hit.
 */
import { Consumer, Kafka, logLevel } from 'kafkajs';

export const HITS_TOPIC = 'traffic.hits.v1';

export interface Hit {
  hitId: string;
  seizureId: string;
  sightingId: string;
  match: string;
  score?: number;
  clonedPlate?: boolean;
}

export class HitCollector {
  readonly bySighting = new Map<string, Hit[]>();
  readonly hitIds = new Set<string>();
  /** Messages on the topic that were not a v1 VehicleSighted envelope (a contract problem). */
  readonly malformed: string[] = [];
  repeats = 0;
  private consumer: Consumer | null = null;

  get count(): number {
    return this.hitIds.size;
  }

  async start(brokers: string[]): Promise<void> {
    const kafka = new Kafka({ clientId: 'api-eval', brokers, logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({
      groupId: `api-eval-${process.pid}-${Date.now().toString(36)}`,
      sessionTimeout: 6000,
      heartbeatInterval: 1000,
      maxWaitTimeInMs: 200,
    });
    this.consumer = consumer;
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    await consumer.subscribe({ topic: HITS_TOPIC, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => this.take(message.value?.toString('utf8') ?? ''),
    });
    await Promise.race([joined, new Promise((_, reject) => setTimeout(() => reject(new Error('our consumer did not join its group within 60 s')), 60_000))]);
  }

  private take(raw: string): void {
    let envelope: { eventId?: unknown; type?: unknown; payload?: Partial<Hit> };
    try {
      envelope = JSON.parse(raw);
    } catch {
      this.malformed.push('not JSON');
      return;
    }
    const p = envelope.payload;
    if (envelope.type !== 'VehicleSighted' || !p || typeof p.hitId !== 'string' || typeof p.seizureId !== 'string' || typeof p.sightingId !== 'string') {
      this.malformed.push(`type ${String(envelope.type)}`);
      return;
    }
    if (this.hitIds.has(p.hitId)) {
      this.repeats++;
      return;
    }
    this.hitIds.add(p.hitId);
    const hit: Hit = { hitId: p.hitId, seizureId: p.seizureId, sightingId: p.sightingId, match: String(p.match), score: p.score, clonedPlate: p.clonedPlate };
    const list = this.bySighting.get(hit.sightingId);
    if (list) list.push(hit);
    else this.bySighting.set(hit.sightingId, [hit]);
  }

  /** Waits until `expected` hits are in, or nothing new came for `quietMs`. */
  async settle(expected: number, quietMs: number, maxMs: number): Promise<void> {
    const deadline = Date.now() + maxMs;
    let last = this.count;
    let lastChange = Date.now();
    while (Date.now() < deadline) {
      if (this.count >= expected && Date.now() - lastChange > 2000) return;
      if (this.count !== last) {
        last = this.count;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > quietMs) return;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
  }
}
