import { isLatitude, isLongitude, isNumber, isURL, isUUID } from 'class-validator';
import { IMAGE_URL_MAX_LENGTH, IMAGE_URL_OPTIONS } from './events/image-url';
import { EventEnvelope } from './envelope';
import { EventType } from './events/event-types';
import { SightingReportedPayload } from './events/intake.events';
import { normalizePlate, PlateColor, plateReadProblem } from './plates/plate';
import { VEHICLE_TEXT_MAX, VehicleColor, VehicleType } from './plates/vehicle';
import { displayTextProblem } from './text/text';
import { canonicalTimestamp, isTimestamp } from './time/timestamp';
import { Topic } from './topics';

/**
 * The intake's hot path. Camera reads arrive by the thousand per second, and decoding each
 * through class-transformer and class-validator's reflection costs about 200 µs, which alone
 * capped the adapter near 5,000 reads/s per core. This accepts a SightingReported v1 envelope
 * only when it is certainly valid, using class-validator's own check functions (so the same
 * semantics) or stricter ones, without reflection; it never rejects. Anything it does not
 * accept, every invalid read included, takes the full path, which also words the reason. The
 * codec spec fuzzes both paths to show that whatever this accepts, the full path accepts alike.
 * The rules themselves stay on the classes in events/intake.events.ts and envelope.ts.
 */
export function fastDecodeSighting(topic: string, json: Record<string, unknown>): EventEnvelope<SightingReportedPayload> | null {
  if (topic !== Topic.Sightings || json.type !== EventType.SightingReported || json.schemaVersion !== 1) return null;
  if (!onlyKeys(json, ENVELOPE_KEYS) || !isUUID(json.eventId) || !isTimestamp(json.occurredAt) || !text(json.producer, 100)) return null;
  if (json.correlationId !== undefined && !(typeof json.correlationId === 'string' && json.correlationId.length <= 100)) return null;
  const p = json.payload;
  if (!isPlainObject(p) || !onlyKeys(p, SIGHTING_KEYS)) return null;
  if (!text(p.plate, 64) || normalizePlate(p.plate) !== p.plate || plateReadProblem(p.plate) !== null || !text(p.cameraId, 100) || !isTimestamp(p.observedAt)) return null;
  if (p.confidence !== undefined && !(isNumber(p.confidence) && (p.confidence as number) >= 0 && (p.confidence as number) <= 1)) return null;
  if (p.imageUrl !== undefined && !(typeof p.imageUrl === 'string' && p.imageUrl.length <= IMAGE_URL_MAX_LENGTH && isURL(p.imageUrl, IMAGE_URL_OPTIONS))) return null;
  if (p.plateColor !== undefined && !PLATE_COLORS.has(p.plateColor as string)) return null;
  if (p.vehicleColor !== undefined && !VEHICLE_COLORS.has(p.vehicleColor as string)) return null;
  if (p.vehicleType !== undefined && !VEHICLE_TYPES.has(p.vehicleType as string)) return null;
  if (p.vehicleBrand !== undefined && !plainText(p.vehicleBrand)) return null;
  if (p.vehicleModel !== undefined && !plainText(p.vehicleModel)) return null;
  if (p.location !== undefined) {
    const l = p.location;
    if (!isPlainObject(l) || !onlyKeys(l, LOCATION_KEYS)) return null;
    if (typeof l.lat !== 'number' || typeof l.lon !== 'number' || !isLatitude(l.lat as unknown as string) || !isLongitude(l.lon as unknown as string)) return null;
    if (l.name !== undefined && !(typeof l.name === 'string' && l.name.length <= 200)) return null;
  }
  // As the classes' @IsTimestamp transform does on the full path: the instant validated is the one used.
  json.occurredAt = canonicalTimestamp(json.occurredAt);
  p.observedAt = canonicalTimestamp(p.observedAt);
  return json as unknown as EventEnvelope<SightingReportedPayload>;
}

const ENVELOPE_KEYS = new Set(['eventId', 'type', 'schemaVersion', 'occurredAt', 'producer', 'correlationId', 'payload']);
const SIGHTING_KEYS = new Set(['plate', 'cameraId', 'observedAt', 'confidence', 'location', 'imageUrl', 'plateColor', 'vehicleColor', 'vehicleBrand', 'vehicleModel', 'vehicleType']);
const PLATE_COLORS = new Set<string>(Object.values(PlateColor));
const VEHICLE_COLORS = new Set<string>(Object.values(VehicleColor));
const VEHICLE_TYPES = new Set<string>(Object.values(VehicleType));
const LOCATION_KEYS = new Set(['lat', 'lon', 'name']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function onlyKeys(value: Record<string, unknown>, allowed: Set<string>): boolean {
  for (const key in value) if (!allowed.has(key) || value[key] === null) return false;
  return true;
}

/** A non-empty string within `max` UTF-16 units (class-validator counts a surrogate pair as one: never longer). */
function text(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max;
}

/** Brand or model text the full path would take unchanged: already trimmed and NFKC, and display text. */
function plainText(value: unknown): boolean {
  return typeof value === 'string' && value === value.normalize('NFKC').trim() && displayTextProblem(value, { max: VEHICLE_TEXT_MAX }) === null;
}
