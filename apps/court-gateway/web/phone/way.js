// The way there: the hit's place and the latest sighting on the desk's offline track drawing, the
// officer's own position on it, the straight-line distance and an ETA; and, only with the
// officer's consent and only while responding, their position shared with the command center.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, errorText, formatDateTime, html } from '../app/common.js';
import { Track } from '../app/track.js';
import { fill, t } from './i18n.js';

/** Straight-line speed the ETA assumes: an urban drive with lights, not a motorway. */
const ETA_KMH = 40;
/** States in which the server accepts positions (acknowledged, not closed). */
const RESPONDING = ['acknowledged', 'verified', 'dispatched', 'on_scene'];
/** At most one fix sent per this many milliseconds while sharing. */
const SEND_EVERY_MS = 15_000;

/** Great-circle distance (km), the same formula as the server's routing (libs/contracts geo). */
export function distanceKm(a, b) {
  const rad = (d) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

function fixOf(position) {
  return { lat: position.coords.latitude, lon: position.coords.longitude, accuracy: position.coords.accuracy };
}

/** Where the phone is: asked once on the page, then followed while sharing. */
function usePosition() {
  const [fix, setFix] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    if (!navigator.geolocation) return setError(t('way.noGeolocation'));
    navigator.geolocation.getCurrentPosition(
      (p) => setFix(fixOf(p)),
      (e) => setError(e.code === 1 ? t('way.denied') : t('way.unavailable')),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 30_000 },
    );
  }, []);
  return [fix, setFix, error];
}

function Sharing({ alert, onFix }) {
  const [on, setOn] = useState(false);
  const [status, setStatus] = useState(null);
  const lastSent = useRef(0);
  const responding = RESPONDING.includes(alert.state);
  useEffect(() => {
    if (!on || !responding) return undefined;
    const send = (position) => {
      const fix = fixOf(position);
      onFix(fix);
      if (Date.now() - lastSent.current < SEND_EVERY_MS) return;
      lastSent.current = Date.now();
      // Sent as it is taken: the server stamps it (a phone's clock may be off).
      api(`/api/v1/alerts/${alert.id}/positions`, { method: 'POST', body: fix })
        .then((saved) => setStatus({ ok: true, text: fill('way.shared', { at: formatDateTime(saved.at) }) }))
        .catch((e) => setStatus({ ok: false, text: errorText(e) }));
    };
    const watch = navigator.geolocation.watchPosition(send, (e) => setStatus({ ok: false, text: e.code === 1 ? t('way.denied') : t('way.unavailable') }), {
      enableHighAccuracy: true,
      maximumAge: 10_000,
    });
    return () => navigator.geolocation.clearWatch(watch);
  }, [on, responding]);
  // The alert closed while sharing: the server deleted the position; stop here too.
  useEffect(() => {
    if (!responding && on) setOn(false);
  }, [responding]);
  const toggle = (event) => {
    const want = event.currentTarget.checked;
    setStatus(null);
    setOn(want);
    if (!want) {
      lastSent.current = 0;
      api(`/api/v1/alerts/${alert.id}/positions/me`, { method: 'DELETE' })
        .then(() => setStatus({ ok: true, text: t('way.stopped') }))
        .catch((e) => setStatus({ ok: false, text: errorText(e) }));
    }
  };
  if (!responding) return alert.closedAt ? null : html`<p class="muted" data-testid="share-later">${t('way.shareAfterAck')}</p>`;
  return html`<div>
    <label class="share"><input type="checkbox" data-testid="share-position" checked=${on} onChange=${toggle} /> ${t('way.share')}</label>
    <p class="muted">${t('way.shareConsent')}</p>
    ${status && html`<p class=${status.ok ? 'ok' : 'error'} data-testid="share-status" role="status">${status.text}</p>`}
  </div>`;
}

export function WayThere({ alert }) {
  const [fix, setFix, error] = usePosition();
  const hits = (alert.hits ?? []).filter((h) => h.location);
  // Head for the newest sighting's place; when it had none, for the newest hit that had one, shown
  // with that hit's own time and camera: a place is only worth as much as when the car was there.
  const placed = hits.reduce((newest, h) => (!newest || h.observedAt > newest.observedAt ? h : newest), null);
  const heading = alert.lastLocation
    ? { place: alert.lastLocation, at: alert.lastSeenAt, camera: alert.lastCameraId }
    : placed && { place: placed.location, at: placed.observedAt, camera: placed.cameraId };
  const target = heading?.place ?? null;
  const km = fix && target ? distanceKm(fix, target) : null;
  return html`<section class="way" data-testid="way">
    <h3>${t('phone.wayThere')}</h3>
    ${!alert.lastLocation && alert.lastSeenAt
      ? html`<p data-testid="way-last-unplaced">${t('way.lastSeen')} <b>${alert.lastCameraId}</b> · ${formatDateTime(alert.lastSeenAt)}</p>`
      : null}
    ${heading
      ? html`<p>${t(alert.lastLocation ? 'way.lastSeen' : 'way.lastPlaced')} <b>${heading.place.name ?? heading.camera}</b> · ${formatDateTime(heading.at)}</p>`
      : null}
    ${km !== null
      ? html`<div class="way-figures">
          <span>${t('way.distance')} <b data-testid="way-distance">${km < 10 ? km.toFixed(1) : km.toFixed(0)}</b> km</span>
          <span>${t('way.eta')} <b data-testid="way-eta">${Math.max(1, Math.round((km / ETA_KMH) * 60))}</b> ${t('way.minutes')}</span>
        </div>
        <p class="muted">${fill('way.etaNote', { kmh: ETA_KMH })}</p>`
      : html`<p class="muted" data-testid="way-no-fix">${error ?? (target ? t('way.locating') : t('detail.noTrack'))}</p>`}
    ${hits.length ? html`<${Track} hits=${alert.hits} me=${fix ? { ...fix, label: t('way.me') } : null} />` : null}
    <${Sharing} alert=${alert} onFix=${setFix} />
  </section>`;
}
