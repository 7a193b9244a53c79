import { ConflictException, Injectable } from '@nestjs/common';
import { CHECKPOINT_ID, CHECKPOINT_ID_RULE, untextProblem } from '@app/contracts';
import { Clock } from '@app/platform';
import { CheckpointRegistry } from '../../checkpoints/checkpoint-registry';
import { CheckpointsService } from '../../checkpoints/checkpoints.service';
import { Gat1400Metrics } from '../gat1400.metrics';
import { Gat1400Settings } from '../gat1400.settings';
import { field, isObject, listItems, text } from '../viid/viid-json';
import { viidStatus, ViidStatus, ViidStatusCode } from '../viid/viid-status';

/**
 * Tollgates (卡口) pushed by lower platforms become checkpoints of our registry (id = TollgateID),
 * so their pass records are placed on the desk's map and routed to the team covering them. What
 * an integrator set by hand (jurisdiction, group, cameras) is kept; a tollgate's PlaceCode becomes
 * its checkpoint group when it has none.
 */
@Injectable()
export class TollgateRegistry {
  constructor(
    private readonly settings: Gat1400Settings,
    private readonly checkpoints: CheckpointsService,
    private readonly registry: CheckpointRegistry,
    private readonly metrics: Gat1400Metrics,
    private readonly clock: Clock,
  ) {}

  static items(body: unknown): unknown[] | null {
    return listItems(body, 'TollgateListObject', 'TollgateObject');
  }

  async put(items: unknown[], requestUrl: string): Promise<{ statuses: ViidStatus[]; taken: number }> {
    const now = this.clock.now();
    const status = (code: ViidStatusCode, message: string, id: string) => viidStatus(requestUrl, code, message, id, now, this.settings.offsetMinutes);
    const statuses: ViidStatus[] = [];
    let taken = 0;
    for (const item of items) {
      const problem = await this.putOne(item).catch((error: Error) => (error instanceof ConflictException ? String((error.getResponse() as { message: unknown }).message) : Promise.reject(error)));
      const id = isObject(item) ? text(item, 'TollgateID') ?? '' : '';
      if (problem) {
        this.metrics.refused('tollgate', problem.split(' ')[0].replace(/[^A-Za-z]/g, '') || 'object');
        statuses.push(status(ViidStatusCode.InvalidJsonContent, problem, id.slice(0, 100)));
      } else {
        statuses.push(status(ViidStatusCode.Ok, '正常', id));
        taken++;
      }
    }
    await this.checkpoints.refresh();
    this.metrics.record('tollgate', 'taken', taken);
    return { statuses, taken };
  }

  /** Tollgates as GA/T 1400 TollgateObjects (the registry's checkpoints). */
  list(): Record<string, unknown>[] {
    return this.registry.checkpoints.map((c) => ({ TollgateID: c.id, Name: c.name, Longitude: c.lon, Latitude: c.lat, PlaceCode: c.groupId ?? undefined }));
  }

  /** Stores one tollgate; returns the problem that refuses it, or null. */
  private async putOne(item: unknown): Promise<string | null> {
    if (!isObject(item)) return 'each TollgateObject must be a JSON object';
    const untext = untextProblem(item);
    if (untext) return untext;
    const id = text(item, 'TollgateID');
    // As for a pass record's ids (motor-vehicle.mapping.ts): a 20-digit JSON number has already lost digits.
    if (!id && typeof field(item, 'TollgateID') === 'number') return 'TollgateID must be sent as a string: as a JSON number its digits are not exact';
    if (!id) return 'TollgateID is required';
    if (!CHECKPOINT_ID.test(id)) return `TollgateID must be ${CHECKPOINT_ID_RULE}, got "${id.slice(0, 100)}"`;
    const existing = this.registry.checkpointOf(id);
    const mine = existing?.id === id ? existing : undefined;
    const name = text(item, 'Name') ?? mine?.name;
    if (!name) return 'Name is required for a new tollgate';
    if (name.length > 200) return 'Name must be at most 200 characters';
    const lon = coordinate(field(item, 'Longitude'), 180) ?? mine?.lon;
    const lat = coordinate(field(item, 'Latitude'), 90) ?? mine?.lat;
    if (lon === undefined || lat === undefined) return 'Longitude and Latitude are required for a new tollgate (decimal degrees)';
    const placeCode = text(item, 'PlaceCode');
    await this.checkpoints.put(
      id,
      {
        name,
        lat,
        lon,
        jurisdiction: mine?.jurisdiction ?? undefined,
        groupId: mine?.groupId ?? (placeCode && CHECKPOINT_ID.test(placeCode) ? placeCode : undefined),
        cameraIds: mine?.cameraIds,
      },
      { refresh: false },
    );
    return null;
  }
}

/** Decimal degrees within ±limit, from a number or numeric text; 0 (unknown on many platforms) counts as absent. */
function coordinate(value: unknown, limit: number): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(n) && n !== 0 && Math.abs(n) <= limit ? n : undefined;
}
