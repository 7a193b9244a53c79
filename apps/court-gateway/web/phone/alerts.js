// "My alerts" and one alert on the phone: the officer's own and their team's open alerts, most
// urgent first (the desk's SLA order and countdowns), and one tap per action the server allows.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, errorText, formatDateTime, html } from '../app/common.js';
import { compareUrgency } from '../app/sla.js';
import { SlaBadges, useNow } from '../app/sla-badges.js';
import { PhoneTop } from './top.js';
import { t } from './i18n.js';
import { createAnswerOrder, createStreamLog } from '../app/alert-list.js';
import { useAlertStream } from '../app/live.js';
import { PushSwitch } from './push.js';
import { HandoffNotes, HandoffsFirst } from './handoffs.js';
import { ImpoundSection } from './impound.js';
import { WayThere } from './way.js';

const OUTCOMES = ['seized', 'paid_in_full', 'settled', 'not_found', 'false_hit'];
const REJECT_REASONS = ['misread', 'wrong_vehicle', 'plate_cloned'];
/** The taps the phone offers, in the order of the work; the server's allowedActions picks which show. */
const PHONE_ACTIONS = ['acknowledge', 'verify', 'dispatch', 'on-scene', 'interceptions', 'resolve', 'reject'];

const isMine = (alert, me) => !!me.officerId && alert.assignee?.id === me.officerId;

function Live({ live }) {
  return html`<span class=${live ? 'live on' : 'live off'} data-testid="live">${live ? t('stream.live') : t('stream.down')}</span>`;
}

function AlertCard({ alert, me, now }) {
  const place = alert.lastLocation?.name ?? alert.lastCameraId;
  return html`<li>
    <a class=${`alert-card ${alert.priority === 'livelihood' ? 'livelihood' : ''}`} href=${`#/alerts/${alert.id}`} data-testid="alert-card" data-alert-id=${alert.id} data-state=${alert.state}>
      <div class="card-head">
        <span class="plate">${alert.plate}</span>
        <span class=${`state state-${alert.state}`} data-testid="card-state">${t(`state.${alert.state}`)}</span>
        ${isMine(alert, me) ? html`<span class="tag mine" data-testid="mine">${t('phone.mine')}</span>` : null}
        ${alert.priority === 'livelihood' ? html`<span class="tag">${t('priority.livelihood')}</span>` : null}
      </div>
      <div class="card-place">${place} · ${formatDateTime(alert.lastSeenAt)}</div>
      <${SlaBadges} alert=${alert} now=${now} />
      ${alert.assignee ? null : html`<div class="muted">${t('unassigned')}</div>`}
    </a>
  </li>`;
}

/** The alerts assigned to the officer and their team (the server confines officers to their team), most urgent first. */
export function MyAlerts({ me, signOut }) {
  const [alerts, setAlerts] = useState(null);
  const [error, setError] = useState(null);
  const now = useNow();
  const log = useRef(null);
  log.current ??= createStreamLog();
  const load = () => {
    const mark = log.current.mark();
    return api('/api/v1/alerts?open=true&limit=500')
      .then(({ items }) => {
        setError(null);
        setAlerts((current) => log.current.merge(current, items, mark) ?? current);
      })
      .catch((e) => e.status && setError(e));
  };
  useEffect(() => {
    load();
  }, []);
  const live = useAlertStream((view) => {
    log.current.changed(view.id);
    setAlerts((current) => {
      const next = new Map(current ?? []);
      if (view.closedAt) next.delete(view.id);
      else next.set(view.id, view);
      return next;
    });
  }, load);
  const sorted = useMemo(() => [...(alerts?.values() ?? [])].sort((a, b) => compareUrgency(a, b, now)), [alerts, Math.floor(now / 5_000)]);
  const mine = sorted.filter((a) => isMine(a, me));
  const team = sorted.filter((a) => !isMine(a, me));
  return html`<${PhoneTop} me=${me} signOut=${signOut} />
    <main class="phone-main">
      <${PushSwitch} me=${me} />
      <${HandoffsFirst} alerts=${alerts} />
      <div class="bar"><h2>${t('phone.myAlerts')} <small data-testid="alert-count">(${sorted.length})</small></h2><${Live} live=${live} /></div>
      ${error && html`<p class="error" data-testid="alerts-error">${errorText(error)}</p>`}
      ${alerts === null && !error ? html`<p class="muted">${t('phone.loading')}</p>` : null}
      ${alerts !== null && sorted.length === 0 ? html`<p class="empty" data-testid="alerts-empty">${t('phone.noAlerts')}</p>` : null}
      ${mine.length > 0 && html`<h3>${t('phone.assignedToMe')}</h3><ul class="alert-list" data-testid="my-alerts">${mine.map((a) => html`<${AlertCard} key=${a.id} alert=${a} me=${me} now=${now} />`)}</ul>`}
      ${team.length > 0 && html`<h3>${t('phone.team')}</h3><ul class="alert-list" data-testid="team-alerts">${team.map((a) => html`<${AlertCard} key=${a.id} alert=${a} me=${me} now=${now} />`)}</ul>`}
    </main>`;
}

/** One tap per action the server allows now (AlertView.allowedActions); resolve and reject ask one thing first. */
/** `onAct()` as an action is sent gives what takes its answer (the alert after it). */
function Taps({ alert, onAct }) {
  const [busy, setBusy] = useState(null);
  const [message, setMessage] = useState(null);
  const [outcome, setOutcome] = useState(OUTCOMES[0]);
  const [reason, setReason] = useState(REJECT_REASONS[0]);
  if (alert.closedAt) return html`<p class="muted" data-testid="closed">${t('detail.closed')}</p>`;
  const allowed = PHONE_ACTIONS.filter((action) => (alert.allowedActions ?? []).includes(action));
  if (allowed.length === 0) return html`<p class="warn" data-testid="not-allowed">${t('detail.notAllowed')}</p>`;
  const run = async (action) => {
    setBusy(action);
    setMessage(null);
    const body = action === 'resolve' ? { outcome } : action === 'reject' ? { reason } : {};
    const done = onAct();
    try {
      done(await api(`/api/v1/alerts/${alert.id}/${action}`, { method: 'POST', body }));
      setMessage({ ok: true, text: t('action.done') });
    } catch (error) {
      setMessage({ ok: false, text: errorText(error) });
    } finally {
      setBusy(null);
    }
  };
  return html`<div class="taps" data-testid="taps">
    ${allowed.map((action) => html`<div class=${`tap tap-${action}`}>
      ${action === 'resolve' &&
      html`<select data-testid="resolve-outcome" value=${outcome} onChange=${(e) => setOutcome(e.currentTarget.value)}>
        ${OUTCOMES.map((o) => html`<option value=${o}>${t(`outcome.${o}`)}</option>`)}
      </select>`}
      ${action === 'reject' &&
      html`<select data-testid="reject-reason" value=${reason} onChange=${(e) => setReason(e.currentTarget.value)}>
        ${REJECT_REASONS.map((r) => html`<option value=${r}>${t(`reason.${r}`)}</option>`)}
      </select>`}
      <button data-testid=${`tap-${action}`} disabled=${!!busy} onClick=${() => run(action)}>${t(`phone.action.${action}`)}</button>
    </div>`)}
    ${message && html`<p class=${message.ok ? 'ok' : 'error'} data-testid="tap-message" role="status">${message.text}</p>`}
  </div>`;
}

/** One alert: what, where, the countdowns, the taps, the way there. */
export function AlertPage({ me, signOut, params: [id] }) {
  const [detail, setDetail] = useState(null);
  const [error, setError] = useState(null);
  const now = useNow();
  // Loads (the stream starts one on every change of the alert) and taps may answer out of order.
  const order = useRef(null);
  order.current ??= createAnswerOrder();
  const load = () => {
    const ticket = order.current.ask();
    return api(`/api/v1/alerts/${id}`)
      .then((d) => {
        if (!order.current.settle(ticket)) return;
        setError(null);
        setDetail(d);
      })
      .catch((e) => e.status && order.current.settle(ticket) && setError(e));
  };
  const acting = () => {
    const ticket = order.current.ask();
    return (d) => order.current.settle(ticket) && setDetail(d);
  };
  useEffect(() => {
    load();
  }, [id]);
  const live = useAlertStream((view) => view.id === id && load(), load);
  if (error) {
    return html`<${PhoneTop} me=${me} signOut=${signOut} back=${true} /><main class="phone-main"><p class="error" data-testid="alert-error">${errorText(error)}</p></main>`;
  }
  if (!detail) return html`<${PhoneTop} me=${me} signOut=${signOut} back=${true} /><main class="phone-main"><p class="muted">${t('phone.loading')}</p></main>`;
  const seal = detail.seizure ?? {};
  const place = detail.lastLocation?.name ?? detail.lastCameraId;
  return html`<${PhoneTop} me=${me} signOut=${signOut} back=${true} />
    <main class="phone-main" data-testid="alert-page" data-alert-id=${detail.id}>
      <div class="bar"><h2><span class="plate">${detail.plate}</span> <span class=${`state state-${detail.state}`} data-testid="alert-state">${t(`state.${detail.state}`)}</span></h2><${Live} live=${live} /></div>
      <${SlaBadges} alert=${detail} now=${now} />
      <${HandoffNotes} alert=${detail} />
      <dl class="facts">
        <dt>${t('field.caseNumber')}</dt><dd>${detail.caseNumber}</dd>
        <dt>${t('phone.lastSeen')}</dt><dd data-testid="last-seen">${place} · ${formatDateTime(detail.lastSeenAt)}</dd>
        <dt>${t('field.owner')}</dt><dd>${seal.ownerName ?? '—'}</dd>
        <dt>${t('field.team')}</dt><dd>${detail.team?.name ?? '—'}${detail.assignee ? ` · ${detail.assignee.name}` : ''}</dd>
      </dl>
      <${Taps} alert=${detail} onAct=${acting} />
      <${ImpoundSection} alert=${detail} onRecorded=${load} />
      <${WayThere} alert=${detail} />
    </main>`;
}
