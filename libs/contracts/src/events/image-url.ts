import type { IsURLOptions } from 'validator';

/**
 * The one rule for an image URL on any event or HTTP body (a read's picture, a hit's): http or
 * https, written out (a bare word such as `constructor` is no address), a host without a public
 * suffix allowed (cameras sit on private networks), at most
 * IMAGE_URL_MAX_LENGTH characters. The class-validator decorators and the fast decoder both use it.
 */
export const IMAGE_URL_OPTIONS: IsURLOptions = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };
export const IMAGE_URL_MAX_LENGTH = 2000;
