import { INestApplication } from '@nestjs/common';
import { allTopicSpecs } from '@app/contracts';
import { loadEnv, ManualClock, OutboxRelay } from '@app/platform';
import { AddressInfo } from 'node:net';
import { startCourtGateway } from '../../apps/court-gateway/src/bootstrap';
import { CourtGatewayEnv } from '../../apps/court-gateway/src/config/court-gateway.env';
import { startTrafficAdapter } from '../../apps/traffic-adapter/src/bootstrap';
import { TrafficAdapterEnv } from '../../apps/traffic-adapter/src/config/traffic-adapter.env';
import { KafkaMockCluster } from '../../tools/kafka-mock/kafka-mock';
import { TestDatabase } from './test-database';
import { TEST_ADMIN_KEY, TEST_TOKEN_SECRET } from './api';

export interface TestSystem {
  kafka: KafkaMockCluster;
  db: TestDatabase;
  clock: ManualClock;
  court: INestApplication;
  traffic: INestApplication;
  courtUrl: string;
  trafficUrl: string;
  /** The traffic adapter's configuration, to start more instances on the same database and brokers. */
  trafficEnv: TrafficAdapterEnv;
  /** The court-gateway variables this system runs with, to start a second instance alike. */
  courtEnv: Record<string, string>;
  stop(): Promise<void>;
}

export function urlOf(app: INestApplication): string {
  return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
}

/**
 * Both apps in this process, on their own fresh database and their own Kafka mock cluster,
 * both on one manual clock. Nothing between them is mocked.
 */
export async function startTestSystem(
  options: { clockStart?: string; courtEnv?: Record<string, string>; trafficEnv?: Record<string, string> } = {},
): Promise<TestSystem> {
  const kafka = await KafkaMockCluster.start({ brokers: 3, topics: allTopicSpecs() });
  const db = await TestDatabase.create();
  const clock = new ManualClock(options.clockStart ?? '2026-03-02T02:00:00.000Z');
  const common = {
    PORT: '0',
    DATABASE_URL: db.url,
    KAFKA_BROKERS: kafka.bootstrap,
    // The apps' default. Every outbox write kicks its relay once committed, so the poll only
    // catches what a kick cannot (a pass another instance held the lock for, a failed send): at
    // 50 ms two idle apps ran 160 queries a second, in every file, for nothing.
    OUTBOX_POLL_MS: '200',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    ADMIN_API_KEY: TEST_ADMIN_KEY,
  };
  // Scheduled jobs that tests drive by hand are off; tests call their service methods on the manual clock.
  // So are jobs that fire by the wall clock and write on their own (the stored reports at minute 5 of
  // every hour, the feed-health flush every 15 s, the hits' retention at night): a test counting
  // what a request wrote, or what a call stored, would fail whenever its run crossed one (the
  // hostile property suite did, at 19:05 of a CI run: the reports job's rows counted as written by
  // the refused requests beside them).
  const courtEnv = { ...common, SEED_DEMO_ROSTER: 'true', SEAL_EXPIRY_CRON: 'off', SCHEDULER_JOBS_OFF: 'reports', AUTH_TOKEN_SECRET: TEST_TOKEN_SECRET, ...options.courtEnv };
  const court = await startCourtGateway(loadEnv(CourtGatewayEnv, courtEnv), clock);
  const trafficEnv = loadEnv(TrafficAdapterEnv, {
    ...common,
    COURT_GATEWAY_URL: urlOf(court),
    COURT_GATEWAY_API_KEY: TEST_ADMIN_KEY,
    RECONCILE_CRON: 'off',
    WATCHLIST_EXPIRY_CRON: 'off',
    WATCHLIST_REFRESH_MS: '100',
    SCHEDULER_JOBS_OFF: 'feed-health,hit-retention',
    ...options.trafficEnv,
  });
  const traffic = await startTrafficAdapter(trafficEnv, clock);
  return {
    kafka,
    db,
    clock,
    court,
    traffic,
    courtUrl: urlOf(court),
    trafficUrl: urlOf(traffic),
    trafficEnv,
    courtEnv,
    async stop() {
      await traffic.close().catch(() => undefined);
      await court.close().catch(() => undefined);
      await kafka.stop();
      await db.drop();
    },
  };
}

/**
 * traffic-adapter settings that turn the GA/T 1400 client role on (so its notification endpoints
 * are live) against a platform that is never reached (a closed port), as the platform `platformId`.
 */
export function unreachedGat1400Platform(platformId: string): Record<string, string> {
  return {
    GAT1400_PLATFORM_URL: 'http://127.0.0.1:9',
    GAT1400_PLATFORM_ID: platformId,
    GAT1400_DEVICE_ID: '45060300005030000042',
    GAT1400_USERNAME: 'court',
    GAT1400_PASSWORD: 'court-digest-secret',
    GAT1400_RECEIVE_URL: 'http://127.0.0.1:3001',
    GAT1400_DISPOSITION_AREA: '450600',
    GAT1400_RECONCILE_CRON: 'off',
  };
}

export function outboxOf(app: INestApplication): OutboxRelay {
  return app.get(OutboxRelay);
}
