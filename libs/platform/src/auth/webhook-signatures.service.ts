import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { verifySignature } from '../http/hmac-signature';
import { AUTH_SETTINGS, AuthSettings } from './auth.settings';
import { WebhookSignatureRepository } from './webhook-signature.repository';

export type WebhookVerdict = 'ok' | 'unconfigured' | 'missing' | 'invalid' | 'replayed';

/**
 * What an inbound webhook signs: the path too, so a captured signature cannot be replayed
 * against another resource (another interception's outcome) with the same body.
 */
export function inboundSigningPayload(path: string, rawBody: string): string {
  return `${path}.${rawBody}`;
}

/**
 * Inbound signed webhooks: the signature must match path and raw body under the shared secret, the
 * timestamp must be recent, and the same signature is accepted once only (a captured request
 * replayed within the tolerance window is refused). Seen signatures are kept twice the window.
 */
@Injectable()
export class WebhookSignaturesService {
  private lastPurge = 0;

  constructor(
    private readonly signatures: WebhookSignatureRepository,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
    private readonly clock: Clock,
  ) {}

  async verify(path: string, rawBody: string, signature: string | undefined, timestamp: string | undefined): Promise<WebhookVerdict> {
    if (!this.settings.webhookSecret) return 'unconfigured';
    if (!signature || !timestamp) return 'missing';
    const now = this.clock.now();
    if (!verifySignature(this.settings.webhookSecret, inboundSigningPayload(path, rawBody), signature, timestamp, now, this.settings.webhookToleranceSeconds)) return 'invalid';
    if (!(await this.signatures.recordFirstUse(signature, now))) return 'replayed';
    if (now.getTime() - this.lastPurge > 60_000) {
      this.lastPurge = now.getTime();
      await this.signatures.forgetBefore(new Date(now.getTime() - 2 * this.settings.webhookToleranceSeconds * 1000));
    }
    return 'ok';
  }
}
