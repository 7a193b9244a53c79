import { CHECKPOINT_ID, CHECKPOINT_ID_RULE, HIT_IMAGE_FORMATS, HitImage, HitSource, normalizePlate, PlateColor, plateReadProblem, splitPlateColorWord, untextProblem, VehicleAttributes, VehicleColor, VehicleType } from '@app/contracts';
import { IntakeRead } from '../../sightings/sightings.service';
import { MOTOR_VEHICLE_ID, MOTOR_VEHICLE_ID_RULE } from '../viid/viid-ids';
import { field, isObject, JsonObject, listItems, text } from '../viid/viid-json';
import { parseViidTime } from '../viid/viid-time';
import { CodeTables, plateColorOf, vehicleBrandOf, vehicleColorOf, vehicleTypeOf } from './code-tables';

/**
 * GA/T 1400 MotorVehicleObject → our read: the one place where a pass record's fields are
 * interpreted, for every door (devices pushing /VIID/MotorVehicles, subscription notifications,
 * disposition alarms).
 *
 * Required fields that are missing or wrong refuse the record (StatusCode 8, the reason naming
 * the field); an optional attribute that cannot be read is left out and the record kept, since
 * losing a sealed car's read over its body colour would be worse.
 */

export interface MappingContext {
  /** Minutes east of UTC of the platform's local time (PassTime has no zone). */
  offsetMinutes: number;
  tables: CodeTables;
  /** Largest inline image (decoded bytes) kept; larger ones are dropped, the record kept. */
  inlineImageMaxBytes: number;
}

/** A pass record as the connector understands it. */
export interface PassRecord {
  motorVehicleId: string;
  /** The plate as read, normalized; null when the camera saw no plate (HasPlate 0, 无牌, 未识别). */
  plate: string | null;
  plateColor?: PlateColor;
  deviceId?: string;
  tollgateId?: string;
  passTime: Date;
  /** The read's confidence, 0..1 (PlateReliability is sent as 0-100). */
  confidence?: number;
  vehicleColor?: VehicleColor;
  vehicleBrand?: string;
  vehicleType?: VehicleType;
  /** http(s) links of the record's images, the vehicle picture first. */
  imageUrls: string[];
  /** The first picture sent inline (vehicle picture first), if small enough: published only with a hit. */
  image?: HitImage;
  /** Optional fields that could not be read and were left out (for the feed's counters). */
  dropped: string[];
}

export type MappedRecord = { ok: true; record: PassRecord } | { ok: false; problem: string; id?: string };

/** What cameras and platforms write for "no plate". */
const NO_PLATE = new Set(['', '无', '无牌', '无车牌', '未识别', '未知', '车牌', '-', '--', '0', '00000000', 'NONE', 'UNKNOWN', '无牌车']);
const MAX_PLATE_TEXT = 32;
const MAX_URL = 2000;

export function mapMotorVehicle(raw: unknown, ctx: MappingContext): MappedRecord {
  if (!isObject(raw)) return { ok: false, problem: 'each MotorVehicleObject must be a JSON object' };
  const id = idField(raw, 'MotorVehicleID', MOTOR_VEHICLE_ID_RULE_OF);
  if (typeof id !== 'string') return { ok: false, problem: id.problem };
  const refuse = (problem: string): MappedRecord => ({ ok: false, problem, id });
  // Text no field may hold (NUL, a lone surrogate), as at every door: refused naming the field, not stored mangled.
  const untext = untextProblem(raw);
  if (untext) return refuse(untext);

  // Where the vehicle was seen is a camera or checkpoint of the registry (tollgates pushed to /VIID/Tollgates are checkpoints), so the registry's id rule.
  const deviceId = idField(raw, 'DeviceID', PLACE_ID_RULE_OF, false);
  const tollgateId = idField(raw, 'TollgateID', PLACE_ID_RULE_OF, false);
  if (typeof deviceId !== 'string') return refuse(deviceId.problem);
  if (typeof tollgateId !== 'string') return refuse(tollgateId.problem);
  if (!deviceId && !tollgateId) return refuse('DeviceID or TollgateID is required: where the vehicle was seen');

  const passTimeRaw = field(raw, 'PassTime') ?? firstShotTime(raw);
  if (passTimeRaw === undefined || passTimeRaw === null || passTimeRaw === '') return refuse('PassTime is required (yyyyMMddHHmmss)');
  const passTime = parseViidTime(passTimeRaw, ctx.offsetMinutes);
  if (!passTime.ok) return refuse(`PassTime ${passTime.problem}`);

  const dropped: string[] = [];
  const plate = readPlate(raw, ctx);
  if ('problem' in plate) return refuse(plate.problem);

  const confidence = reliability(field(raw, 'PlateReliability'));
  if (confidence === null) dropped.push('PlateReliability');

  const colorCode = text(raw, 'VehicleColor');
  const vehicleColor = colorCode && colorCode.length <= 8 ? vehicleColorOf(ctx.tables, colorCode) : undefined;
  if (colorCode && !vehicleColor) dropped.push('VehicleColor');
  const classCode = text(raw, 'VehicleClass');
  const vehicleType = classCode && classCode.length <= 8 ? vehicleTypeOf(ctx.tables, classCode) : undefined;
  if (classCode && !vehicleType) dropped.push('VehicleClass');
  const brandCode = text(raw, 'VehicleBrand');
  const vehicleBrand = brandCode ? vehicleBrandOf(ctx.tables, brandCode) : undefined;
  if (brandCode && !vehicleBrand) dropped.push('VehicleBrand');

  const images = readImages(raw, ctx, dropped);
  return {
    ok: true,
    record: {
      motorVehicleId: id,
      plate: plate.plate,
      plateColor: plate.color,
      deviceId: deviceId || undefined,
      tollgateId: tollgateId || undefined,
      passTime: passTime.at,
      confidence: confidence ?? undefined,
      vehicleColor,
      vehicleBrand,
      vehicleType,
      imageUrls: images.urls,
      image: images.inline,
      dropped,
    },
  };
}

/**
 * The read intake takes, for a record with a plate. `cameraId` is where the record was seen, as
 * the checkpoint registry knows it (see {@link cameraIdOf}).
 */
export function toIntakeRead(record: PassRecord & { plate: string }, cameraId: string): IntakeRead {
  return {
    source: HitSource.Checkpoint,
    plate: record.plate,
    cameraId,
    observedAt: record.passTime,
    eventId: record.motorVehicleId,
    confidence: record.confidence,
    imageUrl: record.imageUrls[0],
    image: record.image,
    attributes: attributesOf(record),
  };
}

/** What the camera saw of the vehicle, for the matcher and the hit; undefined when nothing. */
function attributesOf(record: PassRecord): VehicleAttributes | undefined {
  const attributes: VehicleAttributes = {};
  if (record.plateColor) attributes.plateColor = record.plateColor;
  if (record.vehicleColor) attributes.vehicleColor = record.vehicleColor;
  if (record.vehicleBrand) attributes.vehicleBrand = record.vehicleBrand;
  if (record.vehicleType) attributes.vehicleType = record.vehicleType;
  return Object.keys(attributes).length ? attributes : undefined;
}

/**
 * The camera id a record is filed under: its DeviceID when the checkpoint registry knows that
 * camera, else its TollgateID when the registry knows the tollgate (tollgates pushed to
 * /VIID/Tollgates are checkpoints), else whichever it carries (the hit is then flagged as from
 * an unknown camera, never dropped).
 */
export function cameraIdOf(record: Pick<PassRecord, 'deviceId' | 'tollgateId'>, known: (cameraId: string) => boolean): string {
  if (record.deviceId && known(record.deviceId)) return record.deviceId;
  if (record.tollgateId && known(record.tollgateId)) return record.tollgateId;
  return (record.deviceId ?? record.tollgateId)!;
}

/** The MotorVehicleObjects of a /VIID/MotorVehicles body, or null when there is no such list. */
export function motorVehicleItems(body: unknown): unknown[] | null {
  return listItems(body, 'MotorVehicleListObject', 'MotorVehicleObject', ['MotorVehicleObjectList']);
}

const MOTOR_VEHICLE_ID_RULE_OF = { pattern: MOTOR_VEHICLE_ID, rule: MOTOR_VEHICLE_ID_RULE };
const PLACE_ID_RULE_OF = { pattern: CHECKPOINT_ID, rule: CHECKPOINT_ID_RULE };

function idField(obj: JsonObject, name: string, id: { pattern: RegExp; rule: string }, required = true): string | { problem: string } {
  const value = field(obj, name);
  if (value === undefined || value === null || value === '') return required ? { problem: `${name} is required` } : '';
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && id.pattern.test(String(value))
      ? String(value)
      : { problem: `${name} must be sent as a string: as a JSON number its digits are not exact` };
  }
  if (typeof value !== 'string') return { problem: `${name} must be a string` };
  if (!id.pattern.test(value.trim())) return { problem: `${name} must be ${id.rule}, got "${value.slice(0, 100)}"` };
  return value.trim();
}

function readPlate(raw: JsonObject, ctx: MappingContext): { plate: string | null; color?: PlateColor } | { problem: string } {
  const colorCode = text(raw, 'PlateColor');
  let color = colorCode ? plateColorOf(ctx.tables, colorCode) : undefined;
  const plateRaw = field(raw, 'PlateNo');
  if (plateRaw !== undefined && plateRaw !== null && typeof plateRaw !== 'string') return { problem: 'PlateNo must be a string' };
  const trimmed = (plateRaw ?? '').trim();
  if (NO_PLATE.has(trimmed.toUpperCase())) return { plate: null, color };
  const hasPlate = field(raw, 'HasPlate');
  const saysNoPlate = hasPlate === '0' || hasPlate === 0 || hasPlate === false;
  if (trimmed.length > MAX_PLATE_TEXT) return saysNoPlate ? { plate: null, color } : { problem: `PlateNo is ${trimmed.length} characters long; a plate has 7 or 8` };
  // 蓝桂P12345: the plate's colour written in front of the number.
  const { plate, color: prefix } = splitPlateColorWord(normalizePlate(trimmed));
  color ??= prefix ?? undefined;
  const problem = plateReadProblem(plate);
  // A readable plate wins over HasPlate 0; an unreadable one under HasPlate 0 is a read without a plate.
  if (problem) return saysNoPlate ? { plate: null, color } : { problem: `PlateNo ${problem}` };
  return { plate, color };
}

/** PlateReliability: 0-100 per the standard; some platforms send 0..1. Null when unreadable. */
function reliability(value: unknown): number | null | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n) || n < 0 || n > 100) return null;
  const fraction = n <= 1 && String(value).includes('.') ? n : n / 100;
  return Math.round(fraction * 1000) / 1000;
}

function firstShotTime(raw: JsonObject): unknown {
  const images = listItems(field(raw, 'SubImageList'), 'SubImageList', 'SubImageInfoObject');
  const first = images?.find((i) => isObject(i) && field(i, 'ShotTime'));
  return isObject(first) ? field(first, 'ShotTime') : undefined;
}

function readImages(raw: JsonObject, ctx: MappingContext, dropped: string[]): { urls: string[]; inline?: HitImage } {
  const urls: string[] = [];
  let inline: HitImage | undefined;
  const subImages = listItems(field(raw, 'SubImageList') ?? {}, 'SubImageList', 'SubImageInfoObject') ?? [];
  // The vehicle picture (Type 01) first, then the plate close-up (02), then the rest.
  const ordered = subImages.filter(isObject).sort((a, b) => typeRank(text(a, 'Type')) - typeRank(text(b, 'Type')));
  for (const image of ordered) {
    const path = text(image, 'StoragePath');
    if (path) {
      if (isHttpUrl(path)) urls.push(path);
      else dropped.push('SubImageList.StoragePath');
    }
    const data = field(image, 'Data');
    if (typeof data === 'string' && data.length > 0 && !inline) {
      const base64 = base64Text(data);
      const format = imageFormat(text(image, 'FileFormat'));
      if (base64 === null || !format) dropped.push('SubImageList.Data');
      else if (base64.bytes > ctx.inlineImageMaxBytes) dropped.push('SubImageList.Data(too large)');
      else inline = { format, data: base64.clean };
    }
  }
  for (let n = 1; n <= 5; n++) {
    const url = text(raw, `StorageUrl${n}`);
    if (!url) continue;
    if (isHttpUrl(url)) urls.push(url);
    else dropped.push(`StorageUrl${n}`);
  }
  return { urls: [...new Set(urls)], inline };
}

/** FileFormat as platforms write it (Jpeg, JPG, image/png); absent means JPEG, the standard's default. */
function imageFormat(fileFormat: string | undefined): HitImage['format'] | null {
  const f = (fileFormat ?? 'jpeg').toLowerCase().replace(/^image\//, '');
  if (f === 'jpg' || f === 'jpeg') return 'jpeg';
  return (HIT_IMAGE_FORMATS as readonly string[]).includes(f) ? (f as HitImage['format']) : null;
}

function typeRank(type: string | undefined): number {
  const rank = ['01', '02', '14'].indexOf(type ?? '');
  return rank < 0 ? 9 : rank;
}

function isHttpUrl(value: string): boolean {
  if (value.length > MAX_URL) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * A base64 text without its line breaks and its decoded size, or null when it is not base64.
 * Every record of a batch may carry a picture of hundreds of KB, so the usual case (no line
 * breaks) is checked natively: decoded and encoded again, it must give the same text. Only other
 * texts are looked at character by character.
 */
function base64Text(data: string): { clean: string; bytes: number } | null {
  const decoded = Buffer.from(data, 'base64');
  if (decoded.toString('base64') === data) return { clean: data, bytes: decoded.length };
  let spaces = false;
  let pad = 0;
  let n = 0;
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) {
      spaces = true;
      continue;
    }
    n++;
    if (c === 0x3d) {
      pad++;
      continue;
    }
    // Letters, digits, + and / only, and none after the padding.
    const base64 = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f;
    if (!base64 || pad > 0) return null;
  }
  if (pad > 2 || n % 4 !== 0) return null;
  return { clean: spaces ? data.replace(/\s+/g, '') : data, bytes: (n / 4) * 3 - pad };
}
