import { Injectable } from '@nestjs/common';
import type { ReasonPart } from '@app/contracts';

/** Told, inside the transaction that ended the seal, that a seal was released or lapsed. */
export type SealEndedListener = (seizureId: string, reason: ReasonPart) => Promise<void>;

/**
 * What else must happen when a seal ends, without the seals module knowing it: the alerts
 * module registers "cancel the seal's open alert". Listeners run in the ending transaction
 * (carried in context), so the seal and its alert change together or not at all.
 */
@Injectable()
export class SealEndedHooks {
  private readonly listeners: SealEndedListener[] = [];

  register(listener: SealEndedListener): void {
    this.listeners.push(listener);
  }

  async ended(seizureId: string, reason: ReasonPart): Promise<void> {
    for (const listener of this.listeners) await listener(seizureId, reason);
  }
}
