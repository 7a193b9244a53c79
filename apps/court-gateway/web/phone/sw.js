// The phone app's service worker, served at /phone/sw.js (scope /phone/). It shows the pushes the
// server sends (Web Push, decrypted by the browser) and answers their actions: Acknowledge posts
// with the device's own credential (stored by push.js at registration), without opening the app;
// Open (or a tap) opens the alert in the app.
// Where push.js keeps the credential (its DEVICE_CACHE and CREDENTIAL_URL; a classic worker cannot import the module): phone-sw.spec.ts runs both.
const DEVICE_CACHE = 'phone-device';
const CREDENTIAL_URL = '/phone/device-credential';
const ICON = '/web/phone/icon-192.png';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

/** The device's credential and, beside it, the phone's words for what this worker says (push.js writes both: a worker cannot load the dictionaries). */
async function deviceCredential() {
  const cache = await caches.open(DEVICE_CACHE);
  const stored = await cache.match(CREDENTIAL_URL);
  return stored ? stored.json() : null;
}

/** A refusal in the phone's language: its code's text with the values filled (`{state|state}` by its word), else the server's English. */
function refusalText(words, body) {
  const template = words?.refusals?.[body.code];
  if (!template) return [].concat(body.message ?? '').join('; ');
  return template.replace(/\{(\w+)(?:\|([\w.]+))?\}/g, (_, name, prefix) => {
    const value = body.params?.[name] ?? '';
    return prefix ? (words.values?.[`${prefix}.${value}`] ?? String(value)) : String(value);
  });
}

function show(message) {
  return self.registration.showNotification(message.title, {
    body: message.body,
    tag: `alert-${message.alertId}`,
    renotify: true,
    requireInteraction: message.kind !== 'interception_outcome',
    lang: 'zh-CN',
    icon: ICON,
    data: message,
    actions: message.actions ?? [],
  });
}

self.addEventListener('push', (event) => {
  let message;
  try {
    message = event.data.json();
  } catch {
    message = { title: '执法通', body: event.data ? event.data.text() : '', actions: [], url: '/phone/' };
  }
  event.waitUntil(show(message));
});

async function openApp(url) {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = windows.find((w) => new URL(w.url).pathname.startsWith('/phone/'));
  if (open) {
    await open.focus();
    return open.navigate ? open.navigate(url) : undefined;
  }
  return self.clients.openWindow(url);
}

/** Acknowledge from the notification; the outcome replaces it (same tag), a failure says why and offers Open. */
async function acknowledge(message) {
  const { token, words } = (await deviceCredential()) ?? {};
  if (!token) return openApp(message.url);
  let status = 0;
  let text = '';
  try {
    const response = await fetch(message.acknowledgeUrl, {
      method: 'POST',
      credentials: 'omit',
      headers: { 'content-type': 'application/json', 'x-device-token': token },
      body: '{}',
    });
    status = response.status;
    if (!response.ok) text = refusalText(words, await response.json().catch(() => ({ message: response.statusText })));
  } catch (error) {
    text = String(error);
  }
  const ok = status >= 200 && status < 300;
  return self.registration.showNotification(ok ? (words?.acknowledged ?? '已签收') : (words?.failed ?? '签收失败'), {
    body: ok ? message.body : `${message.body}\n${status ? `${status} ` : ''}${text}`,
    tag: `alert-${message.alertId}`,
    lang: words?.lang ?? 'zh-CN',
    icon: ICON,
    data: { ...message, acknowledged: ok },
    actions: [{ action: 'open', title: words?.open ?? '查看' }],
  });
}

self.addEventListener('notificationclick', (event) => {
  const message = event.notification.data ?? {};
  event.notification.close();
  const done = event.action === 'acknowledge' && message.acknowledgeUrl ? acknowledge(message) : openApp(message.url ?? '/phone/');
  event.waitUntil(done);
});
