import { formatViidTime } from './viid-time';
import { field, isObject, listItems, singleObject } from './viid-json';

/** GA/T 1400.4 status codes (ResponseStatusObject.StatusCode). */
export enum ViidStatusCode {
  Ok = 0,
  OtherError = 1,
  DeviceBusy = 2,
  DeviceError = 3,
  InvalidOperation = 4,
  InvalidXmlFormat = 5,
  InvalidXmlContent = 6,
  InvalidJsonFormat = 7,
  InvalidJsonContent = 8,
  Reboot = 9,
}

/** The content type we answer with (platforms send variants; all are accepted). */
export const VIID_CONTENT_TYPE = 'application/VIID+JSON;charset=UTF-8';

export interface ViidStatus {
  RequestURL: string;
  StatusCode: number;
  StatusString: string;
  Id: string;
  LocalTime: string;
}

export function viidStatus(requestUrl: string, code: ViidStatusCode, statusString: string, id: string, now: Date, offsetMinutes: number): ViidStatus {
  return { RequestURL: requestUrl, StatusCode: code, StatusString: statusString, Id: id, LocalTime: formatViidTime(now, offsetMinutes) };
}

export function singleStatusBody(status: ViidStatus): { ResponseStatusObject: ViidStatus } {
  return { ResponseStatusObject: status };
}

export function statusListBody(statuses: ViidStatus[]): { ResponseStatusListObject: { ResponseStatusObject: ViidStatus[] } } {
  return { ResponseStatusListObject: { ResponseStatusObject: statuses } };
}

/** One status as read from a platform's answer. */
export interface ReadStatus {
  code: number;
  text: string;
  id: string | undefined;
}

/**
 * The statuses in a platform's answer, whether it sent one ResponseStatusObject, a list of them,
 * a list of one, or StatusCode as a string ("0"). Null when the body holds no status at all.
 */
export function readStatuses(body: unknown): ReadStatus[] | null {
  let items = listItems(body, 'ResponseStatusListObject', 'ResponseStatusObject');
  if (!items) {
    const one = singleObject(body, 'ResponseStatusObject');
    items = one ? [one] : null;
  }
  if (!items) return null;
  const statuses: ReadStatus[] = [];
  for (const item of items) {
    if (!isObject(item)) continue;
    const raw = field(item, 'StatusCode');
    const code = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(code)) continue;
    const text = field(item, 'StatusString');
    const id = field(item, 'Id') ?? field(item, 'ID');
    statuses.push({ code, text: typeof text === 'string' ? text : '', id: typeof id === 'string' ? id : typeof id === 'number' ? String(id) : undefined });
  }
  return statuses.length ? statuses : null;
}
