import { Worker } from 'playwright-core';

/**
 * Watching a service worker's event handlers finish, and reading its notifications only then.
 *
 * Chromium's `registration.getNotifications()` also cleans its notification database: a stored
 * notification that the platform does not list as on screen, and that was created before the
 * read began, is deleted (content/browser/notifications/platform_notification_context_impl.cc,
 * DoReadAllNotificationDataForServiceWorkerRegistration). `showNotification` stores first and
 * puts the notification on screen a task later, so a read that falls between the two deletes the
 * notification being shown: it stays on screen, but no later read returns it. Polling
 * getNotifications() while a push is handled therefore loses the notification now and then
 * (docs/testing.md, "phone-push"). The tests wait for the handler's work, the promise it hands to
 * `event.waitUntil`, to settle, and read after that.
 */

/** One event's `waitUntil` promise, as the worker saw it settle. */
export interface HandledEvent {
  type: string;
  state: 'pending' | 'fulfilled' | 'rejected';
  error?: string;
}

/**
 * Records, inside the worker, every promise its handlers pass to `event.waitUntil` and how it
 * settles (read with `handledEvents`). Call before the events are sent. An event the test
 * dispatches itself (untrusted, e.g. a notificationclick standing in for a tap) may not extend the
 * worker's life, and Chromium throws on its waitUntil; the recorder keeps its promise instead.
 */
export async function recordHandledEvents(worker: Worker): Promise<void> {
  await worker.evaluate(() => {
    const sw = globalThis as unknown as { __handled?: HandledEvent[]; ExtendableEvent: { prototype: { waitUntil(p: Promise<unknown>): void } } };
    if (sw.__handled) return;
    const handled: HandledEvent[] = (sw.__handled = []);
    const proto = sw.ExtendableEvent.prototype;
    const waitUntil = proto.waitUntil;
    proto.waitUntil = function (this: Event, promise: Promise<unknown>) {
      const entry: HandledEvent = { type: this.type, state: 'pending' };
      handled.push(entry);
      Promise.resolve(promise).then(
        () => (entry.state = 'fulfilled'),
        (error) => Object.assign(entry, { state: 'rejected', error: String(error?.stack ?? error) }),
      );
      if (this.isTrusted) waitUntil.call(this, promise);
    };
  });
}

/** The events of `type` the worker has handled since `recordHandledEvents`, in order. */
export function handledEvents(worker: Worker, type: string): Promise<HandledEvent[]> {
  return worker.evaluate((t) => ((globalThis as unknown as { __handled?: HandledEvent[] }).__handled ?? []).filter((e) => e.type === t), type);
}

export interface ShownNotification {
  title: string;
  body: string;
  actions: { action: string; title: string }[];
  data: Record<string, unknown> & { alertId?: string };
}

/** The worker's notifications. Read only when no showNotification is under way (see above). */
export function notificationsOf(worker: Worker): Promise<ShownNotification[]> {
  return worker.evaluate(async () => {
    const registration = (globalThis as unknown as { registration: { getNotifications(): Promise<ShownNotification[]> } }).registration;
    return (await registration.getNotifications()).map((n) => ({ title: n.title, body: n.body, actions: n.actions.map((a) => ({ action: a.action, title: a.title })), data: n.data }));
  });
}
