import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { KafkaConsumerStatus, KafkaEventServer, KafkaEventServerOptions } from './kafka-event.server';
import { KafkaOffsetsProbe } from './kafka-offsets.probe';
import { KafkaSettings } from './kafka.settings';
import { createKafka, KafkajsPublisher, MessagePublisher } from './kafkajs.client';

const KAFKA = Symbol('KAFKA');
const SERVER_OPTIONS = Symbol('KAFKA_EVENT_SERVER_OPTIONS');

/** Builds the app's Kafka consumer transport; main.ts hands it to `connectMicroservice`. */
@Injectable()
export class KafkaEventServerFactory {
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(SERVER_OPTIONS) private readonly options: KafkaEventServerOptions,
    private readonly status: KafkaConsumerStatus,
  ) {}

  get groupId(): string {
    return this.options.groupId;
  }

  create(): KafkaEventServer {
    // The dead-letter writer gets its own producer so that a stuck outbox cannot hold it up.
    return new KafkaEventServer(this.kafka, new KafkajsPublisher(this.kafka), this.options, this.status);
  }
}

@Injectable()
class PublisherShutdown implements OnApplicationShutdown {
  constructor(private readonly publisher: MessagePublisher) {}

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.close();
  }
}

@Global()
@Module({})
export class MessagingModule {
  static forRoot(settings: KafkaSettings, server: KafkaEventServerOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: KAFKA, useFactory: () => createKafka(settings, new Logger('Kafka')) },
        { provide: SERVER_OPTIONS, useValue: { sessionTimeoutMs: settings.sessionTimeoutMs, ...server } },
        { provide: MessagePublisher, useFactory: (kafka: Kafka) => new KafkajsPublisher(kafka), inject: [KAFKA] },
        KafkaConsumerStatus,
        KafkaEventServerFactory,
        PublisherShutdown,
        { provide: KafkaOffsetsProbe, useFactory: (kafka: Kafka) => new KafkaOffsetsProbe(kafka), inject: [KAFKA] },
      ],
      exports: [MessagePublisher, KafkaConsumerStatus, KafkaEventServerFactory, KafkaOffsetsProbe],
    };
  }
}
