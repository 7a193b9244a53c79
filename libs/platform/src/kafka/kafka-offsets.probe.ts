import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Admin, Kafka } from 'kafkajs';
import { withTimeout } from './with-timeout';

export interface TopicFigure {
  topic: string;
  value: number;
}

const CACHE_MS = 10_000;
const TIMEOUT_MS = 3_000;

/**
 * Consumer lag and dead-letter counts from the broker's offsets (ListOffsets, OffsetFetch: two
 * cheap requests), cached so that a scrape every few seconds costs the broker nothing and a
 * broker outage makes a scrape answer late data instead of hanging.
 */
@Injectable()
export class KafkaOffsetsProbe implements OnApplicationShutdown {
  private admin: Admin | null = null;
  private readonly cache = new Map<string, { at: number; figures: TopicFigure[] }>();

  constructor(private readonly kafka: Kafka) {}

  /** Records not yet consumed by `groupId`, per topic (high watermark minus committed offset). */
  consumerLag(groupId: string, topics: string[]): Promise<TopicFigure[]> {
    return this.cached(`lag:${groupId}:${topics.join(',')}`, async (admin) => {
      if (topics.length === 0) return [];
      const committed = await admin.fetchOffsets({ groupId, topics });
      const figures: TopicFigure[] = [];
      for (const { topic, partitions } of committed) {
        const ends = await admin.fetchTopicOffsets(topic);
        let lag = 0;
        for (const end of ends) {
          const at = Number(partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
          // -1: nothing committed yet; the group starts from the earliest offset.
          lag += Number(end.high) - (at >= 0 ? at : Number(end.low));
        }
        figures.push({ topic, value: lag });
      }
      return figures;
    });
  }

  /** Records held on each topic (for dead-letter topics: how many messages were set aside). */
  messageCounts(topics: string[]): Promise<TopicFigure[]> {
    return this.cached(`count:${topics.join(',')}`, async (admin) => {
      const figures: TopicFigure[] = [];
      for (const topic of topics) {
        const offsets = await admin.fetchTopicOffsets(topic);
        figures.push({ topic, value: offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0) });
      }
      return figures;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const admin = this.admin;
    this.admin = null;
    await admin?.disconnect().catch(() => undefined);
  }

  private async cached(key: string, read: (admin: Admin) => Promise<TopicFigure[]>): Promise<TopicFigure[]> {
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.figures;
    try {
      const figures = await withTimeout(this.connected().then(read), TIMEOUT_MS);
      this.cache.set(key, { at: Date.now(), figures });
      return figures;
    } catch (error) {
      if (hit) return hit.figures; // stale but honest about the last known state
      throw error;
    }
  }

  private async connected(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }
}
