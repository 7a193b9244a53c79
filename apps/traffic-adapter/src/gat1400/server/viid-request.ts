import { jsonTextHasMoreKeysThan, jsonWidthProblem, JsonWidthLimits } from '@app/contracts';
import { charsetOf, decodeViidBody } from '../viid/viid-json';
import { ViidError, ViidRequest } from '../viid/viid-http';
import { ViidStatusCode } from '../viid/viid-status';

/**
 * Keys one GA/T 1400 record may bring into a /VIID body: a MotorVehicleObject of the standard has
 * about 75 fields and its SubImageList a few images of about 15, a notification wrapping it about
 * 10 more; 400 leaves room for the fields platforms add of their own.
 */
export const VIID_KEYS_PER_RECORD = 400;
/** Most keys one object of a /VIID body may hold: ten times the widest object of the standard. */
export const VIID_MAX_OBJECT_KEYS = 1000;
/** Width limits of a /VIID body of at most `maxRecords` records (GAT1400_MAX_BATCH), or of a small body (Register, Keepalive). */
export function viidBodyWidth(maxRecords = 1): JsonWidthLimits {
  return { maxKeys: Math.max(maxRecords, 1) * VIID_KEYS_PER_RECORD + VIID_MAX_OBJECT_KEYS, maxKeysPerObject: VIID_MAX_OBJECT_KEYS };
}

/**
 * The request's parsed body, or a StatusCode 7 answer naming what is wrong with it; a body wider
 * than `width` allows (more keys than its records could hold: counted in its UTF-8 text before it
 * is parsed, then object by object in one pass before any record is read, since field lookups that
 * ignore case scan an object's keys) is a 400 with StatusCode 8.
 */
export function decodeViidRequest(req: ViidRequest, required = false, width: JsonWidthLimits = viidBodyWidth()): unknown {
  const raw = req.viidBody ?? Buffer.alloc(0);
  if (raw.length === 0 && !required) return undefined;
  const tooMany = (max: number) => new ViidError(400, ViidStatusCode.InvalidJsonContent, `the body holds more than ${max} keys in all (${VIID_KEYS_PER_RECORD} a record); send fewer records per request`);
  // GBK's second bytes may look like a quote or a backslash: only UTF-8 text is counted unparsed.
  const contentType = req.headers['content-type'];
  if (/^utf-?8$/.test(charsetOf(contentType)) && jsonTextHasMoreKeysThan(raw, width.maxKeys)) throw tooMany(width.maxKeys);
  const decoded = decodeViidBody(raw, contentType);
  if (!decoded.ok) throw new ViidError(400, ViidStatusCode.InvalidJsonFormat, decoded.problem);
  const wide = jsonWidthProblem(decoded.value, width);
  if (wide?.scope === 'total') throw tooMany(wide.max);
  if (wide) throw new ViidError(400, ViidStatusCode.InvalidJsonContent, `${wide.path ? wide.path.slice(0, 200) : 'the body'} holds more than ${wide.max} keys`);
  return decoded.value;
}
