import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as tls from 'node:tls';
import * as webPush from 'web-push';
import { CourtGatewayEnv } from '../config/court-gateway.env';
import { DeviceRepository } from '../devices/device.repository';
import { VapidKeys } from '../devices/vapid-keys';
import { NotificationChannel, OutboundNotification, PermanentDeliveryError } from './notification.channel';

/** What the phone's service worker (web/phone/sw.js) receives, decrypted. */
export interface PushMessage {
  kind: 'alert' | 'escalation' | 'interception_outcome';
  alertId: string;
  title: string;
  body: string;
  /** The page the Open action (and a tap on the notification) opens. */
  url: string;
  /** Where the Acknowledge action posts, with the device's own credential; absent when there is nothing to acknowledge. */
  acknowledgeUrl?: string;
  /** The notification's buttons, in order. */
  actions: { action: 'acknowledge' | 'open'; title: string }[];
  reason: string;
  priority: unknown;
}

/** Page reasons as the services write them → what kind of push it is. */
function kindOf(reason: string): PushMessage['kind'] {
  if (reason.startsWith('escalation')) return 'escalation';
  if (reason.startsWith('interception outcome')) return 'interception_outcome';
  return 'alert';
}

const TITLES: Record<PushMessage['kind'], string> = {
  alert: '查封车辆预警',
  escalation: '预警升级：尚未签收',
  interception_outcome: '交警拦停结果',
};

const INTERCEPTION_RESULTS: Record<string, string> = { stopped: '交警已拦停', lost: '交警未能拦停（车辆已离开）', refused: '交警未执行拦停' };

/** Builds the push for a page: Chinese (the phone app's default language), the plate masked as in every stored payload. */
export function pushMessageOf(n: OutboundNotification): PushMessage {
  const kind = kindOf(n.reason);
  const p = n.payload;
  const result = kind === 'interception_outcome' ? n.reason.slice(n.reason.indexOf(':') + 1).trim() : null;
  const body = [p.plate, result ? (INTERCEPTION_RESULTS[result] ?? result) : p.lastCameraId].filter(Boolean).join(' · ');
  const acknowledgeable = kind !== 'interception_outcome';
  return {
    kind,
    alertId: n.alertId,
    title: TITLES[kind],
    body,
    url: `/phone/#/alerts/${n.alertId}`,
    ...(acknowledgeable ? { acknowledgeUrl: `/api/v1/device/alerts/${n.alertId}/acknowledge` } : {}),
    actions: acknowledgeable ? [{ action: 'acknowledge', title: '签收' }, { action: 'open', title: '查看' }] : [{ action: 'open', title: '查看' }],
    reason: n.reason,
    priority: p.priority,
  };
}

/**
 * Web Push (RFC 8030, VAPID RFC 8292, aes128gcm RFC 8291) to every phone the officer enabled,
 * through the `web-push` library. Delivered when at least one device's push service accepted it;
 * devices whose subscription the push service reports gone (404, 410) are deleted; when none
 * is left the page falls back to the next channel (the SMS webhook) at once.
 */
@Injectable()
export class PushNotificationChannel extends NotificationChannel {
  readonly name = 'push';
  private readonly log = new Logger(PushNotificationChannel.name);
  private readonly allowedHosts: string[];
  private readonly agent: https.Agent;

  constructor(
    @Inject(CourtGatewayEnv) private readonly env: CourtGatewayEnv,
    private readonly devices: DeviceRepository,
    @Optional() @Inject(VapidKeys) private readonly vapid: VapidKeys | null,
  ) {
    super();
    this.allowedHosts = pushHosts(env);
    const ca = env.PUSH_CA_FILE ? [...tls.rootCertificates, fs.readFileSync(env.PUSH_CA_FILE, 'utf8')] : undefined;
    this.agent = new https.Agent({ keepAlive: true, ...(ca ? { ca } : {}) });
  }

  get enabled(): boolean {
    return !!this.vapid;
  }

  /** May a subscription's endpoint be registered: https, on a push service host this deployment allows. */
  endpointAllowed(endpoint: string): boolean {
    return endpointAllowed(endpoint, this.allowedHosts);
  }

  reachable(officerIds: string[]): Promise<Set<string>> {
    return this.devices.officersWithLiveDevices(officerIds);
  }

  async deliver(n: OutboundNotification, now: Date): Promise<void> {
    if (!n.officerId) throw new PermanentDeliveryError('push needs an officer');
    // The newest, up to the limit: phones registered before a lower limit was set are not all paged.
    const devices = await this.devices.liveForOfficer(n.officerId, this.env.PUSH_DEVICES_PER_OFFICER);
    if (!devices.length) throw new PermanentDeliveryError('no phone enabled for push');
    const body = JSON.stringify(pushMessageOf(n));
    const gone: string[] = [];
    const reached: string[] = [];
    const errors: string[] = [];
    // All of the officer's phones at once: one that does not answer does not hold up the others.
    const sent = await Promise.allSettled(
      devices.map((device) =>
        webPush.sendNotification({ endpoint: device.endpoint, keys: { p256dh: device.p256dh, auth: device.auth } }, body, {
          vapidDetails: { subject: this.vapid!.subject, publicKey: this.vapid!.publicKey, privateKey: this.vapid!.privateKey },
          TTL: this.env.PUSH_TTL_SECONDS,
          urgency: 'high',
          contentEncoding: 'aes128gcm',
          timeout: 10_000,
          agent: this.agent,
        }),
      ),
    );
    sent.forEach((outcome, i) => {
      const device = devices[i];
      if (outcome.status === 'fulfilled') return void reached.push(device.id);
      const error = outcome.reason as Error & { statusCode?: number };
      const status = error.statusCode;
      if (status === 404 || status === 410) gone.push(device.id);
      else errors.push(`device ${device.id}: ${status ? `push service answered ${status}` : error.message}`);
    });
    await this.devices.deleteGone(gone);
    await this.devices.touchPushed(reached, now);
    if (gone.length) this.log.log(`removed ${gone.length} push subscription(s) the push service reports gone`);
    if (reached.length) return;
    if (!errors.length) throw new PermanentDeliveryError('every push subscription of the officer is gone (404/410)');
    throw new Error(errors.join('; '));
  }
}

export function pushHosts(env: CourtGatewayEnv): string[] {
  return env.PUSH_ENDPOINT_HOSTS.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
}

/** https only, and the host is an allowed one or under it (fcm.googleapis.com, *.push.apple.com). */
export function endpointAllowed(endpoint: string, hosts: string[]): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password) return false;
  const host = url.hostname.toLowerCase();
  return hosts.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
}
