// Where the traffic watch is blind: quiet cameras, checkpoint groups, the whole feed, and the link
// with the police GA/T 1400 platform; the 布控 the platform holds and the seals it is not watching for.
import { useEffect, useState } from 'preact/hooks';
import { api, formatDateTime, hasAnyRole, html, t } from './common.js';

const READERS = ['admin', 'dispatcher', 'duty_director', 'team_lead', 'leadership'];
const REFRESH_MS = 30_000;

export function WatchHealth({ me }) {
  const [feed, setFeed] = useState(undefined);
  const [dispositions, setDispositions] = useState(undefined);
  const allowed = hasAnyRole(me, READERS);
  useEffect(() => {
    if (!allowed) return undefined;
    const load = () => {
      api('/api/v1/feed-health').then(setFeed, () => setFeed(null));
      api('/api/v1/dispositions/summary').then(setDispositions, () => setDispositions(null));
    };
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, [allowed]);
  if (!allowed || feed === undefined) return null;
  const blind = feed?.blind ?? [];
  const counts = dispositions?.counts ?? {};
  const hasDispositions = Object.keys(counts).length > 0;
  return html`<section class="watch-health" data-testid="watch-health">
    <h2>${t('watch.title')}</h2>
    ${feed === null
      ? html`<p class="muted">${t('watch.title')}: ${t('unavailable')}</p>`
      : blind.length === 0
        ? html`<p class="ok" data-testid="watch-ok">${t('watch.allSeeing')}</p>`
        : html`<ul class="blind" data-testid="watch-blind">
            ${blind.map(
              (b) => html`<li data-scope=${b.scope}>
                <b>${t(`watch.scope.${b.scope}`)}</b> ${b.subjectId}
                <span class="muted">${t('watch.since')} ${formatDateTime(b.changedAt)}</span>
                ${b.reason && html`<div class="reason">${b.reason}</div>`}
              </li>`,
            )}
          </ul>`}
    ${hasDispositions &&
    html`<p class="dispositions" data-testid="watch-dispositions">
      ${t('watch.dispositions')}:
      ${['confirmed', 'requested', 'failed', 'revoked'].filter((s) => counts[s]).map((s) => html`<span class=${`disposition disposition-${s}`}>${t(`disposition.${s}`)} ${counts[s]}</span> `)}
    </p>`}
    ${(dispositions?.notInForce ?? []).length > 0 &&
    html`<ul class="not-in-force" data-testid="watch-not-in-force">
      ${dispositions.notInForce.map(
        (d) => html`<li><span class="plate">${d.plate}</span> ${d.caseNumber} — <b>${t(`disposition.${d.state}`)}</b>${d.statusString ? html` <span class="reason">${d.statusString}</span>` : ''}</li>`,
      )}
    </ul>`}
  </section>`;
}

/** A seal's 布控, for the alert detail. */
export function dispositionText(disposition) {
  if (!disposition) return null;
  const base = t(`disposition.${disposition.state}`);
  return disposition.statusString && disposition.state === 'failed' ? `${base}: ${disposition.statusString}` : base;
}
