// The officers' phone app (/phone/): sign-in (auth.js, as the desk), then pages by hash route.
// Another page: a module in web/phone/ exporting a component that takes { me, params, go }, and
// one line in ROUTES. The service worker (/phone/sw.js) is registered here; push is enabled on
// the settings page, with the officer's consent.
import { useEffect, useState } from 'preact/hooks';
import { startPage } from '../app/auth.js';
import { html } from '../app/common.js';
import { AlertPage, MyAlerts } from './alerts.js';
import { t } from './i18n.js';
import { PhoneTop } from './top.js';

/** [hash pattern, page]: the first that matches is shown; its groups are the page's params. */
const ROUTES = [
  [/^#\/alerts\/([0-9a-f-]{36})$/, AlertPage],
  [/^(#\/?)?$/, MyAlerts],
];

export function go(hash) {
  location.hash = hash;
}

function useHash() {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const changed = () => setHash(location.hash);
    window.addEventListener('hashchange', changed);
    // Effects run after the next frame, not when the page is drawn: a move made in between (a tap
    // on a slow phone, a link followed at once) fired no event this listener heard, so read again.
    changed();
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return hash;
}

function Phone({ me, signOut }) {
  const hash = useHash();
  for (const [pattern, Page] of ROUTES) {
    const match = pattern.exec(hash);
    if (match) return html`<${Page} key=${hash} me=${me} signOut=${signOut} params=${match.slice(1)} go=${go} />`;
  }
  return html`<${PhoneTop} me=${me} signOut=${signOut} back=${true} /><main class="phone-main"><p class="muted">${t('phone.notFound')}</p></main>`;
}

if ('serviceWorker' in navigator) {
  // Scope /phone/: the worker shows pushes and acknowledges from the notification (sw.js).
  navigator.serviceWorker.register('/phone/sw.js', { scope: '/phone/' }).catch((error) => console.warn('service worker not registered', error));
}

startPage('phone', Phone, PhoneTop);
