import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  AttributeComparison, ClonedPlateReason, createEnvelope, EventType, GeoLocation, HitImage, HitSource, isIssuedPlate, maskPlate, MatchKind, PlateDifference, SeenVehicle, TravelEvidence,
  splitPlateColorWord, VehicleAttributes, VehicleSightedPayload,
} from '@app/contracts';
import { Clock, EventInbox, EventOutbox, runWithCorrelationId, Transactions } from '@app/platform';
import { randomUUID } from 'node:crypto';
import { CheckpointRegistry } from '../checkpoints/checkpoint-registry';
import { Checkpoint } from '../checkpoints/checkpoint.entity';
import { TRAFFIC_PRODUCER, TrafficAdapterEnv } from '../config/traffic-adapter.env';
import { FeedHealthService } from '../feed-health/feed-health.service';
import { WatchedSeal, WatchlistIndex } from '../watchlist/watchlist.index';
import { impossibleTrip, TRAVEL_WINDOW_MS } from '../matching/travel';
import { ConfidenceCalibration } from '../matching/confidence-calibration';
import { PrefixTraffic, trafficWeightingFor } from '../matching/prefix-traffic';
import { SpareBudget } from '../matching/spare-budget';
import { prefixOfPlate } from '../matching/seal-density';
import { twoSlipsFor } from '../matching/neighbourhood';
import { HitFolder } from './hit-folder';
import { HitRecord } from './hit-record.entity';
import { HitRecordRepository } from './hit-record.repository';
import { IntakeMetrics } from './intake.metrics';

const CONSUMER = 'sightings';

/** One read from any intake (HTTP sightings, HTTP inspections, Kafka), plate already normalized and valid. */
export interface IntakeRead {
  source: HitSource;
  plate: string;
  /** Camera id, or the inspection station id. */
  cameraId: string;
  observedAt: Date;
  /** The feed's own id for the read: a repeat is ignored. */
  eventId?: string;
  confidence?: number;
  location?: GeoLocation;
  imageUrl?: string;
  /** The picture sent inline (GA/T 1400), size-capped: published with a hit, dropped with a read that matches nothing. */
  image?: HitImage;
  /** What the camera saw of the vehicle (or the inspection's papers say); absent when nothing. */
  attributes?: VehicleAttributes;
}

export interface IntakeResult {
  /** Reads taken in. */
  received: number;
  /** Hits published (one read of a plate with two seals makes two). */
  hits: number;
  /** Matched reads ignored because their eventId was already processed. */
  duplicates: number;
  /** Hits not published again: same seal, same checkpoint, within the fold window. */
  folded: number;
}

/** A watchlist seal a read matched, and how. */
export interface SealMatch {
  seal: WatchedSeal;
  match: MatchKind;
  score?: number;
  differences?: PlateDifference[];
  /** Attributes both the seal and the read describe, compared. */
  attributes?: AttributeComparison[];
  /** Exact plate on a vehicle whose colour, make or type contradicts the seal. */
  attributesDiffer?: boolean;
}

interface PlannedHit {
  read: IntakeRead;
  sightingId: string;
  checkpoint: Checkpoint | undefined;
  foldKey: string;
  found: SealMatch;
  /** Where the read was made, when known. */
  place: GeoLocation | undefined;
  /** The other read of an impossible trip, when this exact read makes one. */
  travel?: TravelEvidence;
}

/**
 * The one intake path: every read, whatever door it came in by, is matched here, folded, and
 * published as a hit through the outbox. Reads that match nothing cost no database write and
 * leave nothing but counters behind.
 */
@Injectable()
export class SightingsService {
  private readonly log = new Logger(SightingsService.name);
  private readonly folder: HitFolder;

  constructor(
    private readonly hits: HitRecordRepository,
    private readonly tx: Transactions,
    private readonly inbox: EventInbox,
    private readonly index: WatchlistIndex,
    private readonly registry: CheckpointRegistry,
    private readonly feedHealth: FeedHealthService,
    private readonly metrics: IntakeMetrics,
    private readonly outbox: EventOutbox,
    private readonly clock: Clock,
    @Inject(TrafficAdapterEnv) private readonly env: TrafficAdapterEnv,
    /** What each camera's confidence says, learned from the reads it sends (held per process). */
    private readonly calibration: ConfidenceCalibration,
    /** Each camera's reads by prefix, against the watchlist's seals (held per process). */
    private readonly prefixTraffic: PrefixTraffic,
    /** What reads no plate can be leave of their share of the budget, lent to valid reads (held per process). */
    private readonly spareBudget: SpareBudget,
  ) {
    this.folder = new HitFolder(env.HIT_FOLD_WINDOW_SECONDS * 1000);
  }

  /** Whether reads are weighed by how seldom their camera reads their prefix: as configured, else by the watchlist's size. */
  get weighsByPrefix(): boolean {
    return this.env.MATCH_TRAFFIC_WEIGHTING ?? trafficWeightingFor(this.index.size);
  }

  /**
   * Seals a read matches. The single place the matching rule is applied. `plateLike`: the read
   * could be an innocent car read right (a plate some car carries, in the plate colour reported).
   */
  matchRead(read: IntakeRead, plateLike = isIssuedPlate(read.plate, read.attributes?.plateColor)): SealMatch[] {
    const weight = this.env.MATCH_CONFIDENCE_CALIBRATION ? this.calibration.weigh(read.cameraId, plateLike, read.confidence) : undefined;
    // Reads the camera seldom sees for the seals their prefix holds spend more of the budget, reads it sees all day less.
    const trafficWeight = this.weighsByPrefix ? this.prefixTraffic.weigh(read.cameraId, prefixOfPlate(read.plate), this.index.prefixShare) : 1;
    const budgets = {
      budget: this.env.MATCH_FALSE_HIT_BUDGET,
      textOnlyBudget: this.env.MATCH_FALSE_HIT_BUDGET_TEXT_ONLY,
      twoSlips: this.env.MATCH_TWO_SLIPS ?? twoSlipsFor(this.index.size),
      attributes: read.attributes,
    };
    // A read no plate can be that spends little of its share (few seals around it) leaves the rest to valid reads.
    const spare = this.env.MATCH_SPARE_BUDGET;
    const spent = spare ? this.index.certainMisreadSpend(read.plate, { ...budgets, budgetWeight: trafficWeight }) : undefined;
    const lent = spare && spent === undefined ? this.spareBudget.validWeight : 1;
    const found = this.index.match(read.plate, read.observedAt, {
      ...budgets,
      threshold: this.env.MATCH_FUZZY_THRESHOLD,
      likelyMisread: weight?.likelyMisread,
      budgetWeight: (weight?.budgetWeight ?? 1) * trafficWeight * lent,
      confidence: read.confidence,
    });
    // What is spare is measured on innocent traffic: a read that raised a hit may be a sealed car's.
    if (spare && found.length === 0) this.spareBudget.count(spent);
    return found
      .map(({ match, score, differences, attributes, attributesDiffer, evidence, ...seal }) => ({
        seal,
        match,
        score,
        differences: match === MatchKind.Fuzzy ? differences : undefined,
        attributes: attributes.length ? attributes : undefined,
        attributesDiffer,
      }));
  }

  /**
   * The nearest-in-time other exact reads of the seal, from the hits table (every instance's) and
   * from this batch, whose trip to this read no car could make: the worst one, or undefined.
   */
  private async impossibleTravel(hit: PlannedHit, inBatch: PlannedHit[]): Promise<TravelEvidence | undefined> {
    if (hit.found.match !== MatchKind.Exact || !hit.place) return undefined;
    const at = hit.read.observedAt.getTime();
    const rows = await this.hits.exactPlacedReads(hit.found.seal.seizureId, new Date(at - TRAVEL_WINDOW_MS), new Date(at + TRAVEL_WINDOW_MS), hit.read.observedAt);
    const others = [
      ...rows.map((r) => ({ cameraId: r.camera_id, checkpointId: r.checkpoint_id ?? undefined, location: r.place_name ? { lat: r.lat, lon: r.lon, name: r.place_name } : { lat: r.lat, lon: r.lon }, observedAt: r.observed_at })),
      ...inBatch
        .filter((p) => p.found.seal.seizureId === hit.found.seal.seizureId && p.found.match === MatchKind.Exact && p.place)
        .map((p) => ({ cameraId: p.read.cameraId, checkpointId: p.checkpoint?.id, location: p.place!, observedAt: p.read.observedAt })),
    ];
    const trip = impossibleTrip({ location: hit.place, observedAt: hit.read.observedAt }, others, this.env.IMPOSSIBLE_TRAVEL_KMH);
    if (!trip) return undefined;
    const { other, distanceKm, speedKmh } = trip;
    return { cameraId: other.cameraId, checkpointId: other.checkpointId, location: other.location, observedAt: other.observedAt.toISOString(), distanceKm, speedKmh };
  }

  async intake(reads: IntakeRead[]): Promise<IntakeResult> {
    const receivedAt = this.clock.now();
    const matched: { read: IntakeRead; found: SealMatch[]; checkpoint: Checkpoint | undefined }[] = [];
    for (const read of reads.map(withoutColorWord)) {
      const checkpoint = this.registry.checkpointOf(read.cameraId);
      const plateLike = isIssuedPlate(read.plate, read.attributes?.plateColor);
      if (read.source === HitSource.Checkpoint) {
        this.feedHealth.recordRead(read.cameraId, checkpoint?.groupId ?? null, receivedAt, plateLike);
        if (!checkpoint) this.metrics.unknownCameraReads++;
      }
      const found = this.matchRead(read, plateLike);
      if (found.length) matched.push({ read, found, checkpoint });
    }
    this.metrics.readsReceived += reads.length;
    if (matched.length === 0) return { received: reads.length, hits: 0, duplicates: 0, folded: 0 };
    this.metrics.readsMatched += matched.length;

    const outcome = await this.tx.run(async () => {
      const published: PlannedHit[] = [];
      const records: HitRecord[] = [];
      let duplicates = 0;
      let folded = 0;
      for (const { read, found, checkpoint } of matched) {
        if (read.eventId && !(await this.inbox.claim(CONSUMER, read.eventId))) {
          duplicates++;
          continue;
        }
        const sightingId = read.eventId ?? randomUUID();
        const foldKey = read.source === HitSource.Inspection ? `station:${read.cameraId}` : (checkpoint?.id ?? read.cameraId);
        for (const one of found) {
          const at = read.observedAt.getTime();
          const inBatch = published.some((p) => p.found.seal.seizureId === one.seal.seizureId && p.foldKey === foldKey && Math.abs(p.read.observedAt.getTime() - at) < this.folder.windowMs);
          if (inBatch || this.folder.isFolded(one.seal.seizureId, foldKey, at)) {
            folded++;
            continue;
          }
          const place = read.location ?? (checkpoint ? { lat: checkpoint.lat, lon: checkpoint.lon, name: checkpoint.name } : undefined);
          const hit: PlannedHit = { read, sightingId, checkpoint, foldKey, found: one, place };
          hit.travel = await this.impossibleTravel(hit, published);
          const payload = this.hitPayload(hit);
          records.push(
            Object.assign(new HitRecord(), {
              hitId: payload.hitId,
              seizureId: payload.seizureId,
              sightingId,
              readPlate: read.plate,
              cameraId: read.cameraId,
              checkpointId: payload.checkpointId ?? null,
              source: read.source,
              match: one.match,
              lat: place?.lat ?? null,
              lon: place?.lon ?? null,
              placeName: place?.name ?? null,
              observedAt: read.observedAt,
              createdAt: receivedAt,
            }),
          );
          const event = createEnvelope(EventType.VehicleSighted, payload, { producer: TRAFFIC_PRODUCER, occurredAt: receivedAt, correlationId: sightingId });
          await this.outbox.append(event);
          published.push(hit);
        }
      }
      await this.hits.insert(records);
      return { published, duplicates, folded };
    });

    for (const hit of outcome.published) {
      this.folder.remember(hit.found.seal.seizureId, hit.foldKey, hit.read.observedAt.getTime());
      runWithCorrelationId(hit.sightingId, () =>
        this.log.log(
          `hit: ${maskPlate(hit.found.seal.plate)} at ${hit.read.source} ${hit.read.cameraId} for seizure ${hit.found.seal.seizureId}${hit.travel || (hit.found.match === MatchKind.Exact && hit.found.attributesDiffer) ? ' (possible cloned plate)' : ''}`,
        ),
      );
    }
    this.metrics.hitsPublished += outcome.published.length;
    this.metrics.hitsFolded += outcome.folded;
    this.metrics.duplicates += outcome.duplicates;
    return { received: reads.length, hits: outcome.published.length, duplicates: outcome.duplicates, folded: outcome.folded };
  }

  private hitPayload({ read, sightingId, checkpoint, found, place, travel }: PlannedHit): VehicleSightedPayload {
    const inspection = read.source === HitSource.Inspection;
    const reasons = [
      ...(found.match === MatchKind.Exact && found.attributesDiffer ? [ClonedPlateReason.Attributes] : []),
      ...(travel ? [ClonedPlateReason.ImpossibleTravel] : []),
    ];
    return {
      hitId: randomUUID(),
      seizureId: found.seal.seizureId,
      plate: found.seal.plate,
      readPlate: read.plate,
      match: found.match,
      score: found.score,
      differences: found.differences,
      checkpointId: inspection ? read.cameraId : checkpoint?.id,
      unknownCamera: inspection ? undefined : checkpoint ? undefined : true,
      source: read.source,
      sightingId,
      cameraId: read.cameraId,
      observedAt: read.observedAt.toISOString(),
      confidence: read.confidence,
      location: place,
      imageUrl: read.imageUrl,
      image: read.image,
      seenVehicle: read.attributes ? seenVehicle(read.attributes) : undefined,
      attributes: found.attributes,
      clonedPlate: reasons.length ? true : undefined,
      clonedPlateReasons: reasons.length ? reasons : undefined,
      impossibleTravel: travel,
    };
  }
}

/** The attributes as the hit carries them (unset ones left out). */
function seenVehicle(a: VehicleAttributes): SeenVehicle {
  const out: SeenVehicle = {};
  if (a.plateColor) out.plateColor = a.plateColor;
  if (a.vehicleColor) out.vehicleColor = a.vehicleColor;
  if (a.vehicleBrand) out.vehicleBrand = a.vehicleBrand;
  if (a.vehicleModel) out.vehicleModel = a.vehicleModel;
  if (a.vehicleType) out.vehicleType = a.vehicleType;
  return out;
}

/**
 * A read whose plate carries its colour in front of the number (蓝桂P12345, as Hikvision's cameras
 * and many platforms write it) is the plate, with that colour when the read named none: else the
 * colour word would be matched as a misread province.
 */
function withoutColorWord(read: IntakeRead): IntakeRead {
  const { plate, color } = splitPlateColorWord(read.plate);
  if (!color) return read;
  return { ...read, plate, attributes: { ...read.attributes, plateColor: read.attributes?.plateColor ?? color } };
}
