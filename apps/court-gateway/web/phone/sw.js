// The phone app's service worker, served at /phone/sw.js (scope /phone/).
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
