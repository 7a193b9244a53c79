import { DynamicModule, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { deadLetterTopic, EVENT_DEFINITIONS, Topic } from '@app/contracts';
import { Counter } from 'prom-client';
import { KafkaConsumerStatus } from '../kafka/kafka-event.server';
import { KafkaOffsetsProbe } from '../kafka/kafka-offsets.probe';
import { KafkaEventServerFactory } from '../kafka/messaging.module';
import { OutboxRelay } from '../outbox/outbox.relay';
import { Metrics } from './metrics';
import { MetricsController } from './metrics.controller';
import { SqlGaugeRepository } from './sql-gauge.repository';

/**
 * A gauge read from SQL at scrape time. The query returns a numeric `value` column and one
 * column per label. With `table`, the gauge is empty until that table exists (a feature whose
 * migration another branch adds).
 */
export interface SqlGaugeSpec {
  name: string;
  help: string;
  sql: string;
  labelNames?: string[];
  table?: string;
}

const MetricsSettingsToken = Symbol('METRICS_SETTINGS');

export interface MetricsSettings {
  app: string;
  sqlGauges?: SqlGaugeSpec[];
}

/** The metrics every app has: its consumer, its outbox, its dead letters. Built by the module's factory. */
@Injectable()
class PlatformMetrics implements OnModuleInit {
  private readonly log = new Logger('Metrics');

  constructor(
    private readonly metrics: Metrics,
    private readonly status: KafkaConsumerStatus,
    private readonly offsets: KafkaOffsetsProbe,
    private readonly server: KafkaEventServerFactory,
    private readonly outbox: OutboxRelay,
    private readonly gauges: SqlGaugeRepository,
    private readonly settings: MetricsSettings,
  ) {}

  onModuleInit(): void {
    const m = this.metrics;
    const status = this.status;
    new Counter({
      name: 'gateway_events_consumed_total',
      help: 'Kafka records handled by this app, by topic, event type and outcome (processed, dead-lettered, retried, paused)',
      labelNames: ['topic', 'type', 'outcome'],
      registers: [m.registry],
      collect() {
        this.reset();
        // Every event type of every consumed topic starts at 0 for the outcomes an alert rule watches.
        for (const definition of EVENT_DEFINITIONS.filter((d) => status.topics.includes(d.topic))) {
          for (const outcome of ['processed', 'dead-lettered']) this.inc({ topic: definition.topic, type: definition.type, outcome }, 0);
        }
        for (const [key, n] of status.outcomes) {
          const [topic, type, outcome] = key.split('|');
          this.inc({ topic, type, outcome }, n);
        }
      },
    });
    m.gaugeFromReader('gateway_consumer_joined', '1 when the Kafka consumer is a member of its group', [], async () => [{ value: status.joined ? 1 : 0 }]);
    m.gaugeFromReader('gateway_outbox_backlog', 'Outbox events committed but not yet published to Kafka', [], async () =>
      this.quietly('outbox backlog', async () => [{ value: await this.outbox.backlog() }]),
    );
    m.gaugeFromReader('gateway_outbox_oldest_seconds', 'Age of the oldest outbox event not yet published (0 when none): a growing value is a stalled relay', [], async () =>
      this.quietly('outbox oldest entry', async () => [{ value: (await this.outbox.status()).oldestSeconds }]),
    );
    m.gaugeFromReader('gateway_consumer_lag', 'Records on the consumed topics not yet processed by this app\'s group', ['topic'], () =>
      this.quietly('consumer lag', async () =>
        (await this.offsets.consumerLag(this.server.groupId, status.topics)).map((f) => ({ labels: { topic: f.topic }, value: f.value })),
      ),
    );
    m.gaugeFromReader('gateway_dead_letters', 'Records set aside on the dead-letter topic of each consumed topic', ['topic'], () =>
      this.quietly('dead letters', async () =>
        (await this.offsets.messageCounts(status.topics.map((t) => deadLetterTopic(t as Topic)))).map((f) => ({ labels: { topic: f.topic }, value: f.value })),
      ),
    );
    for (const spec of this.settings.sqlGauges ?? []) {
      const labelNames = spec.labelNames ?? [];
      m.gaugeFromReader(spec.name, spec.help, labelNames, () =>
        this.quietly(spec.name, async () => {
          if (spec.table && !(await this.gauges.tableExists(spec.table))) return [];
          const rows = await this.gauges.read(spec.sql);
          return rows.map((row) => ({
            labels: labelNames.length ? Object.fromEntries(labelNames.map((l) => [l, String(row[l])])) : undefined,
            value: Number(row.value),
          }));
        }),
      );
    }
  }

  /** A scrape during an outage answers what it can; the failing figure is left out, not faked. */
  private async quietly<T>(what: string, read: () => Promise<T[]>): Promise<T[]> {
    try {
      return await read();
    } catch (error) {
      this.log.warn(`metric ${what} unavailable: ${(error as Error).message}`);
      return [];
    }
  }
}

@Module({})
export class MetricsModule {
  static forRoot(settings: MetricsSettings): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      controllers: [MetricsController],
      providers: [
        { provide: Metrics, useFactory: () => new Metrics(settings.app) },
        { provide: MetricsSettingsToken, useValue: settings },
        SqlGaugeRepository,
        {
          provide: PlatformMetrics,
          useFactory: (...deps: ConstructorParameters<typeof PlatformMetrics>) => new PlatformMetrics(...deps),
          inject: [Metrics, KafkaConsumerStatus, KafkaOffsetsProbe, KafkaEventServerFactory, OutboxRelay, SqlGaugeRepository, MetricsSettingsToken],
        },
      ],
      exports: [Metrics],
    };
  }
}
