// Push on this phone: subscribe with the server's VAPID key, register the device (its own
// credential goes where the service worker reads it, never to the page's storage), or revoke it.
import { useEffect, useState } from 'preact/hooks';
import { api, errorText, html, lang } from '../app/common.js';
import { t } from './i18n.js';

// Where the credential is kept: sw.js reads it from the same place (a classic worker cannot import this module; the spec runs both against these).
export const DEVICE_CACHE = 'phone-device';
export const CREDENTIAL_URL = '/phone/device-credential';

/** What an acknowledge from a notification can be refused for (POST /api/v1/device/alerts/{id}/acknowledge), and the states it may name. */
const ACK_REFUSALS = ['device.token_required', 'device.token_not_recognised', 'device.alert_not_assigned', 'alert.not_found', 'alert.transition_not_allowed', 'request.rate_limited'];
const ALERT_STATES = ['open', 'notified', 'acknowledged', 'verified', 'dispatched', 'on_scene', 'resolved', 'cancelled'];

/** The service worker's words in the phone's language, stored beside the credential (a worker cannot load the dictionaries). */
export function workerWords() {
  return {
    lang,
    acknowledged: t('push.acknowledged'),
    failed: t('push.ackFailed'),
    open: t('push.open'),
    refusals: Object.fromEntries(ACK_REFUSALS.map((code) => [code, t(`error.${code}`)])),
    values: Object.fromEntries([...ALERT_STATES.map((state) => `state.${state}`), 'action.acknowledge'].map((key) => [key, t(key)])),
  };
}

async function storeDevice(device) {
  await (await caches.open(DEVICE_CACHE)).put(CREDENTIAL_URL, new Response(JSON.stringify({ id: device.id, token: device.token, words: workerWords() }), { headers: { 'content-type': 'application/json' } }));
}

function keyBytes(base64url) {
  const raw = atob(base64url.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

async function storedDevice() {
  const stored = await (await caches.open(DEVICE_CACHE)).match(CREDENTIAL_URL);
  return stored ? stored.json() : null;
}

async function enable(me) {
  if (!('serviceWorker' in navigator) || !('PushManager' in window)) throw new Error(t('push.unsupported'));
  if ((await Notification.requestPermission()) !== 'granted') throw new Error(t('push.denied'));
  const registration = await navigator.serviceWorker.ready;
  const { publicKey } = await api('/api/v1/devices/vapid-public-key');
  // A subscription made with an earlier key (the server's dev keys change at restart) is renewed.
  const existing = await registration.pushManager.getSubscription();
  if (existing) await existing.unsubscribe();
  const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
  const device = await api('/api/v1/devices', { method: 'POST', body: { label: `${me.username} · ${navigator.platform || 'phone'}`.slice(0, 100), subscription: subscription.toJSON() } });
  await storeDevice(device);
  return { id: device.id };
}

async function disable(device) {
  await api(`/api/v1/devices/${device.id}`, { method: 'DELETE' }).catch((e) => {
    if (e.status !== 404) throw e;
  });
  await (await caches.open(DEVICE_CACHE)).delete(CREDENTIAL_URL);
  const registration = await navigator.serviceWorker.ready;
  await (await registration.pushManager.getSubscription())?.unsubscribe();
}

/** The push switch: on (this phone is registered and not revoked), off, or why it cannot be. */
export function PushSwitch({ me }) {
  const [device, setDevice] = useState(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  useEffect(() => {
    Promise.all([storedDevice(), api('/api/v1/devices').catch(() => ({ items: [] }))])
      .then(([stored, { items }]) => {
        const live = stored && items.some((d) => d.id === stored.id && !d.revokedAt);
        // The words again, in the language the phone has now (it may have been switched since).
        if (live) storeDevice(stored).catch(() => undefined);
        setDevice(live ? stored : null);
      })
      .catch(() => setDevice(null));
  }, []);
  if (device === undefined || !me.officerId) return null;
  const run = async (work) => {
    setBusy(true);
    setError(null);
    try {
      setDevice(await work());
    } catch (e) {
      setError(e.status ? errorText(e) : e.message);
    } finally {
      setBusy(false);
    }
  };
  return html`<div class="notice push" data-testid="push">
    ${device
      ? html`<span data-testid="push-on">${t('push.on')}</span>
          <button class="secondary" data-testid="push-disable" disabled=${busy} onClick=${() => run(async () => (await disable(device), null))}>${t('push.disable')}</button>`
      : html`<span>${t('push.off')}</span>
          <button class="secondary" data-testid="push-enable" disabled=${busy} onClick=${() => run(() => enable(me))}>${t('push.enable')}</button>`}
    ${error && html`<p class="error" data-testid="push-error">${error}</p>`}
  </div>`;
}
