import { applyDecorators, HttpCode, Type } from '@nestjs/common';
import { OwnCredentials, OwnCredentialsDoc } from '@app/platform';
import { ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ViidResponseStatusBody } from './viid-openapi.dto';

export const VIID_TAG = 'GA/T 1400 (视图库)';

interface ViidOperationDoc {
  summary: string;
  /** What the caller sends (GA/T 1400 JSON). */
  body?: Type<unknown>;
  /** The 200 answer's shape and what it means. */
  ok: [Type<unknown>, string];
  /** Whether the caller must send User-Identify (everything but Register and Time). */
  identified?: boolean;
  /** What the caller proves (checked by the handler, not by our API keys); none for Time. */
  credentials?: OwnCredentialsDoc;
  /** Refusal statuses beyond those every /VIID operation can answer, with what they mean. */
  refusals?: Record<number, string>;
}

/**
 * The OpenAPI description of a /VIID operation: the standard's body, answered in GA/T 1400 form
 * (a ResponseStatusObject naming the StatusCode), never our own error shape.
 */
export function ViidOperation(doc: ViidOperationDoc) {
  const refusals: Record<number, string> = {
    403: 'StatusCode 4: not over TLS (GAT1400_REQUIRE_TLS), or from an address not in GAT1400_ALLOW_FROM',
    404: 'StatusCode 4: the role this operation belongs to is not configured on this deployment',
    503: 'StatusCode 2 and Retry-After: the database was too busy (no connection free in time) or unreachable; StatusCode 1: another fault of ours. Send the same request again, after the seconds in Retry-After when given',
    ...doc.refusals,
  };
  const decorators = [
    // The handlers answer through the response themselves; this only keeps the document from announcing a 201.
    HttpCode(200),
    ApiTags(VIID_TAG),
    ApiOperation({ summary: doc.summary }),
    ApiProduces('application/VIID+JSON'),
    ApiResponse({ status: 200, type: doc.ok[0], description: doc.ok[1] }),
    ...Object.entries(refusals).map(([status, description]) => ApiResponse({ status: Number(status), type: ViidResponseStatusBody, description })),
  ];
  if (doc.body) {
    decorators.push(
      ApiConsumes('application/VIID+JSON', 'application/json', 'text/plain'),
      ApiBody({ type: doc.body, description: 'GA/T 1400 JSON; UTF-8 or GBK (charset in the content type); a list of one may be sent as the object, the list wrapper may be left out, keys in any case' }),
    );
  }
  if (doc.credentials) decorators.push(OwnCredentials(doc.credentials));
  if (doc.identified !== false) decorators.push(ApiHeader({ name: 'User-Identify', required: true, description: 'The sender\'s 20-digit id' }));
  return applyDecorators(...decorators);
}

/** StatusCode 8 for a body wider than its records could be (server/viid-request.ts). */
export const TOO_WIDE_REFUSAL = '; StatusCode 8 also for a body with more keys than its records could hold (400 a record, 1,000 in one object)';

/** The refusals of operations that take a body. */
export const BODY_REFUSALS: Record<number, string> = {
  400: `StatusCode 7: the body is not JSON (the parser's message); StatusCode 8: it holds no records where the standard puts them${TOO_WIDE_REFUSAL}`,
  413: `StatusCode 8: the body is over GAT1400_MAX_BODY_BYTES or holds more than GAT1400_MAX_BATCH records`,
};

export const UNREGISTERED_REFUSAL: Record<number, string> = {
  401: 'StatusCode 4 and a fresh digest challenge (WWW-Authenticate): the device is unknown, not registered, lapsed (no keepalive for GAT1400_SERVER_LAPSE_SECONDS) or calls from another address than it registered from',
};

/** Register and UnRegister: HTTP Digest as a user of GAT1400_SERVER_DEVICES. */
export const DEVICE_DIGEST: OwnCredentialsDoc = {
  name: 'viidDigest',
  scheme: { type: 'http', scheme: 'digest', description: 'GA/T 1400 registration: RFC 2617 Digest (MD5, qop auth) as a user listed in GAT1400_SERVER_DEVICES' },
  note: 'HTTP Digest (RFC 2617, MD5, qop auth) as a user listed in GAT1400_SERVER_DEVICES; the first request without it is answered 401 with the challenge',
};

/** What a lower device sends once registered. */
export const REGISTERED_DEVICE: OwnCredentialsDoc = {
  name: 'viidDevice',
  scheme: { type: 'apiKey', in: 'header', name: 'User-Identify', description: 'GA/T 1400: the 20-digit id of a device registered (digest) at /VIID/System/Register' },
  note: 'User-Identify of a device registered by digest at /VIID/System/Register, live (keepalive within GAT1400_SERVER_LAPSE_SECONDS) and calling from the address it registered from',
};

/** What the police 视图库 we registered with sends when it pushes to us. */
export const POLICE_PLATFORM: OwnCredentialsDoc = {
  name: 'viidPlatform',
  scheme: { type: 'apiKey', in: 'header', name: 'User-Identify', description: 'GA/T 1400: the id of the police 视图库 we registered with (GAT1400_PLATFORM_ID)' },
  note: 'User-Identify equal to GAT1400_PLATFORM_ID, the police 视图库 this adapter registered with',
};
