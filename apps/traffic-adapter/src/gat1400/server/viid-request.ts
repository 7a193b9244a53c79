import { decodeViidBody } from '../viid/viid-json';
import { ViidError, ViidRequest } from '../viid/viid-http';
import { ViidStatusCode } from '../viid/viid-status';

/** The request's parsed body, or a StatusCode 7 answer naming what is wrong with it. */
export function decodeViidRequest(req: ViidRequest, required = false): unknown {
  const raw = req.viidBody ?? Buffer.alloc(0);
  if (raw.length === 0 && !required) return undefined;
  const decoded = decodeViidBody(raw, req.headers['content-type']);
  if (!decoded.ok) throw new ViidError(400, ViidStatusCode.InvalidJsonFormat, decoded.problem);
  return decoded.value;
}
