import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createEnvelope, EventType, HitSource, maskPlate, MatchKind, VehicleSightedPayload } from '@app/contracts';
import { appendToOutbox, claimInboxEvent, Clock, OutboxRelay, runWithCorrelationId } from '@app/platform';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TRAFFIC_PRODUCER, TRAFFIC_SCHEMA, TrafficAdapterEnv } from '../config/traffic-adapter.env';
import { WatchlistIndex } from '../watchlist/watchlist.index';
import { HitRecord } from './hit-record.entity';
import { SightingDto, SightingsAcceptedDto } from './sighting.dto';

const CONSUMER = 'sightings';

/** Matches camera reads against the watchlist and publishes a hit for each match. */
@Injectable()
export class SightingsService {
  private readonly log = new Logger(SightingsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly index: WatchlistIndex,
    private readonly outbox: OutboxRelay,
    private readonly clock: Clock,
    @Inject(TrafficAdapterEnv) private readonly env: TrafficAdapterEnv,
  ) {}

  async intake(sightings: SightingDto[]): Promise<SightingsAcceptedDto> {
    const matched = sightings
      .map((sighting) => ({
        sighting,
        seals: this.index.match(sighting.plate, new Date(sighting.observedAt), { threshold: this.env.MATCH_FUZZY_THRESHOLD, confidence: sighting.confidence }),
      }))
      .filter((m) => m.seals.length > 0);
    if (matched.length === 0) return { received: sightings.length, hits: 0, duplicates: 0 };

    const result = await this.dataSource.transaction(async (manager) => {
      let hits = 0;
      let duplicates = 0;
      for (const { sighting, seals } of matched) {
        const sightingId = sighting.eventId ?? randomUUID();
        if (sighting.eventId && !(await claimInboxEvent(manager, TRAFFIC_SCHEMA, CONSUMER, sighting.eventId))) {
          duplicates++;
          continue;
        }
        for (const seal of seals) {
          const payload: VehicleSightedPayload = {
            hitId: randomUUID(),
            seizureId: seal.seizureId,
            plate: seal.plate,
            readPlate: sighting.plate,
            match: seal.match,
            score: seal.score,
            differences: seal.match === MatchKind.Fuzzy ? seal.differences : undefined,
            source: HitSource.Checkpoint,
            sightingId,
            cameraId: sighting.cameraId,
            observedAt: new Date(sighting.observedAt).toISOString(),
            confidence: sighting.confidence,
            location: sighting.location,
            imageUrl: sighting.imageUrl,
          };
          await manager.getRepository(HitRecord).insert({
            hitId: payload.hitId,
            seizureId: seal.seizureId,
            sightingId,
            readPlate: sighting.plate,
            cameraId: sighting.cameraId,
            observedAt: new Date(sighting.observedAt),
            createdAt: this.clock.now(),
          });
          const event = createEnvelope(EventType.VehicleSighted, payload, {
            producer: TRAFFIC_PRODUCER,
            occurredAt: this.clock.now(),
            correlationId: sightingId,
          });
          await appendToOutbox(manager, TRAFFIC_SCHEMA, event, seal.seizureId);
          runWithCorrelationId(sightingId, () =>
            this.log.log(`hit: ${maskPlate(seal.plate)} at camera ${sighting.cameraId} for seizure ${seal.seizureId} (hit ${payload.hitId})`),
          );
          hits++;
        }
      }
      return { hits, duplicates };
    });
    this.outbox.kick();
    return { received: sightings.length, ...result };
  }
}
