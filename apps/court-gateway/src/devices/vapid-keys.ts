import { Logger } from '@nestjs/common';
import * as webPush from 'web-push';
import { CourtGatewayEnv } from '../config/court-gateway.env';

/** This deployment's VAPID identity (RFC 8292): what push services check our pushes against. */
export class VapidKeys {
  constructor(
    readonly publicKey: string,
    readonly privateKey: string,
    readonly subject: string,
    /** True when generated at start (not production): phones must re-enable push after a restart. */
    readonly generated: boolean,
  ) {}

  /**
   * The configured pair; outside production a throwaway pair when none is configured; in
   * production without a pair, null: push is off and pages go through the webhook alone.
   */
  static from(env: CourtGatewayEnv, production = process.env.NODE_ENV === 'production'): VapidKeys | null {
    const log = new Logger('VapidKeys');
    if (env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY) return new VapidKeys(env.VAPID_PUBLIC_KEY, env.VAPID_PRIVATE_KEY, env.VAPID_SUBJECT, false);
    if (env.VAPID_PUBLIC_KEY || env.VAPID_PRIVATE_KEY) throw new Error('set both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, or neither');
    if (production) {
      log.warn('VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY unset: no Web Push to phones, pages go through the webhook only');
      return null;
    }
    const pair = webPush.generateVAPIDKeys();
    log.warn('VAPID keys unset: generated a throwaway pair for this run (not production); phones must re-enable push after a restart');
    return new VapidKeys(pair.publicKey, pair.privateKey, env.VAPID_SUBJECT, true);
  }
}
