// The SLA countdown badges, shared by the desk and the phone app: one rendering of sla.js's targets.
import { useEffect, useState } from 'preact/hooks';
import { formatDuration, html, t } from './common.js';
import { slaTargets } from './sla.js';

/** The browser clock, ticking every second: what the countdowns count against. */
export function useNow() {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function badgeText(target) {
  if (target.status === 'met') return '✓';
  if (target.status === 'missed') return t('sla.overdue');
  if (target.status === 'closed') return '—';
  if (target.status === 'breached') return `${t('sla.overdue')} ${formatDuration(-target.secondsLeft)}`;
  return formatDuration(target.secondsLeft);
}

export function SlaBadges({ alert, now }) {
  return html`<span class="sla">
    ${slaTargets(alert, now).map(
      (target) => html`<span class=${`sla-badge ${target.status}`} data-testid=${`sla-${target.key}`} data-status=${target.status}>
        ${t(target.label)}
        ${' '}${badgeText(target)}
      </span>`,
    )}
  </span>`;
}
