import { VehicleAttributes } from '@app/contracts';
import { ItemRefusal } from '@app/platform';
import type { Response } from 'express';
import { ReadRefusalDto, SightingsAcceptedDto } from './sighting.dto';
import { IntakeResult } from './sightings.service';

/** The attributes a read or inspection carries, or undefined when it carries none. */
export function readAttributes(read: VehicleAttributes): VehicleAttributes | undefined {
  const { plateColor, vehicleColor, vehicleBrand, vehicleModel, vehicleType } = read;
  if (!plateColor && !vehicleColor && !vehicleBrand && !vehicleModel && !vehicleType) return undefined;
  return { plateColor, vehicleColor, vehicleBrand, vehicleModel, vehicleType };
}

/**
 * The answer to an intake batch: the v1 counts, plus each refused item with its reasons; 207
 * Multi-Status when some items were refused (200, and the v1 body unchanged, when none were).
 */
export function answerBatch(res: Response, result: IntakeResult, refused: ItemRefusal[], body: unknown): SightingsAcceptedDto {
  const counts = { received: result.received, hits: result.hits, duplicates: result.duplicates };
  // A batch taken whole answers exactly as v1 did.
  if (!refused.length) return counts;
  res.status(207);
  const refusals: ReadRefusalDto[] = refused.map(({ index, errors, problems }) => {
    const item = Array.isArray(body) ? body[index] : body;
    const eventId = item && typeof item === 'object' && typeof (item as { eventId?: unknown }).eventId === 'string' ? (item as { eventId: string }).eventId : undefined;
    return eventId && /^[A-Za-z0-9._:-]{1,100}$/.test(eventId) ? { index, eventId, errors, problems } : { index, errors, problems };
  });
  return { ...counts, refused: refused.length, refusals };
}
