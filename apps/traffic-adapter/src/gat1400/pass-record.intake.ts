import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '@app/platform';
import { CheckpointRegistry } from '../checkpoints/checkpoint-registry';
import { TrafficAdapterEnv } from '../config/traffic-adapter.env';
import { FeedHealthService } from '../feed-health/feed-health.service';
import { readTimeProblem } from '../sightings/read-time';
import { IntakeRead, SightingsService } from '../sightings/sightings.service';
import { Gat1400Door, Gat1400Metrics, reasonOf } from './gat1400.metrics';
import { Gat1400Settings } from './gat1400.settings';
import { cameraIdOf, mapMotorVehicle, PassRecord, toIntakeRead } from './mapping/motor-vehicle.mapping';
import { viidStatus, ViidStatus, ViidStatusCode } from './viid/viid-status';

/** Reads taken in one transaction: a failure loses nothing beyond what is answered as failed. */
const CHUNK = 500;

export interface TakenBatch {
  /** One status per record, in the order sent. */
  statuses: ViidStatus[];
  /** Records refused for their content (StatusCode 8). */
  refused: number;
  /** Records not taken for a fault of ours (StatusCode 1): the sender should send them again. */
  failed: number;
  /** Records taken (duplicates included: they are already in). */
  taken: number;
}

/**
 * Takes GA/T 1400 pass records from every door (devices pushing MotorVehicles, subscription
 * notifications, disposition alarms) into `SightingsService.intake`, the one intake path: each
 * record is mapped, bad ones are refused one by one with the reason, and the good ones of the
 * batch are taken whatever happens to the others.
 */
@Injectable()
export class PassRecordIntake {
  private readonly log = new Logger('Gat1400');

  constructor(
    private readonly settings: Gat1400Settings,
    private readonly sightings: SightingsService,
    private readonly registry: CheckpointRegistry,
    private readonly feedHealth: FeedHealthService,
    private readonly metrics: Gat1400Metrics,
    private readonly clock: Clock,
    @Inject(TrafficAdapterEnv) private readonly env: TrafficAdapterEnv,
  ) {}

  async take(items: unknown[], door: Gat1400Door, requestUrl: string): Promise<TakenBatch> {
    const now = this.clock.now();
    const status = (code: ViidStatusCode, text: string, id: string) => viidStatus(requestUrl, code, text, id, now, this.settings.offsetMinutes);
    const statuses: ViidStatus[] = new Array(items.length);
    const seen = new Map<string, { index: number; item: unknown }>();
    const reads: { index: number; read: IntakeRead }[] = [];
    let refused = 0;
    let noPlate = 0;
    let inBatchDuplicates = 0;

    let unmappable = 0;
    const sort = (item: unknown, index: number): void => {
      const mapped = mapMotorVehicle(item, this.settings.mapping);
      if (!mapped.ok) {
        statuses[index] = status(ViidStatusCode.InvalidJsonContent, mapped.problem, mapped.id ?? '');
        this.metrics.refused(door, reasonOf(mapped.problem));
        refused++;
        return;
      }
      const { record } = mapped;
      // The same rule as every other door: a read from a broken clock is refused, not matched and lost.
      const timeProblem = readTimeProblem({ field: 'observedAt', at: record.passTime }, now, this.env.HIT_RETENTION_DAYS);
      if (timeProblem) {
        statuses[index] = status(ViidStatusCode.InvalidJsonContent, timeProblem.replace(/^observedAt/, 'PassTime'), record.motorVehicleId);
        this.metrics.refused(door, 'PassTime');
        refused++;
        return;
      }
      const earlier = seen.get(record.motorVehicleId);
      if (earlier) {
        // The same record twice in one batch is taken once; the same id with other content is refused.
        // (Compared only when an id repeats: records may carry pictures of hundreds of KB.)
        if (JSON.stringify(earlier.item) === JSON.stringify(item)) {
          statuses[index] = status(ViidStatusCode.Ok, `duplicate of record ${earlier.index}, taken once`, record.motorVehicleId);
          inBatchDuplicates++;
        } else {
          statuses[index] = status(ViidStatusCode.InvalidJsonContent, `MotorVehicleID repeats record ${earlier.index} of this batch with other content`, record.motorVehicleId);
          this.metrics.refused(door, 'MotorVehicleID');
          refused++;
        }
        return;
      }
      seen.set(record.motorVehicleId, { index, item });
      const cameraId = cameraIdOf(record, (id) => this.registry.checkpointOf(id) !== undefined);
      if (record.plate === null) {
        // Nothing to match, but the camera is alive: the watch there is not blind.
        this.feedHealth.recordRead(cameraId, this.registry.checkpointOf(cameraId)?.groupId ?? null, now);
        statuses[index] = status(ViidStatusCode.Ok, 'taken (no plate read)', record.motorVehicleId);
        noPlate++;
        return;
      }
      reads.push({ index, read: toIntakeRead(record as PassRecord & { plate: string }, cameraId) });
    };
    items.forEach((item, index) => {
      try {
        sort(item, index);
      } catch (error) {
        // A record we fail to read is our fault, not the sender's: answered as not taken (send again), and the rest of the batch goes on.
        this.log.error(`${door} record ${index} could not be read: ${(error as Error).stack ?? error}`);
        statuses[index] = status(ViidStatusCode.OtherError, 'temporarily unable to take this record; send it again', '');
        unmappable++;
      }
    });

    let failed = unmappable;
    let taken = 0;
    let alreadyTaken = 0;
    for (let start = 0; start < reads.length; start += CHUNK) {
      const chunk = reads.slice(start, start + CHUNK);
      try {
        const result = await this.sightings.intake(chunk.map((c) => c.read));
        for (const { index, read } of chunk) statuses[index] = status(ViidStatusCode.Ok, '正常', read.eventId ?? '');
        taken += chunk.length - result.duplicates;
        alreadyTaken += result.duplicates;
      } catch (error) {
        this.log.error(`${chunk.length} ${door} records not taken: ${(error as Error).message}`);
        for (const { index, read } of chunk) statuses[index] = status(ViidStatusCode.OtherError, 'temporarily unable to take this record; send it again', read.eventId ?? '');
        failed += chunk.length;
      }
    }
    this.metrics.record(door, 'taken', taken);
    this.metrics.record(door, 'no_plate', noPlate);
    this.metrics.record(door, 'duplicate', inBatchDuplicates + alreadyTaken);
    this.metrics.record(door, 'refused', refused);
    this.metrics.record(door, 'failed', failed);
    return { statuses, refused, failed, taken: taken + alreadyTaken + noPlate + inBatchDuplicates };
  }
}
