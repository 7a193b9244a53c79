// The dispatch desk: open alerts pushed over the SSE stream, one alert's seal, track, timeline
// and actions, and who is on duty. Shown to a signed-in person (auth.js); what they may do
// follows their roles, as the server decides it.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { startPage } from './auth.js';
import { api, errorText, formatDateTime, hasAnyRole, Header, html, reasonText, t } from './common.js';
import { compareUrgency } from './sla.js';
import { SlaBadges, useNow } from './sla-badges.js';
import { Track } from './track.js';
import { createAnswerOrder, createStreamLog } from './alert-list.js';
import { useAlertStream } from './live.js';
import { HandoffNotes } from '../phone/handoffs.js';
import { ImpoundRecord } from '../phone/impound.js';
import { dispositionText, WatchHealth } from './watch-health.js';

const COMMAND_CENTER = 'command-center';

const REJECT_REASONS = ['misread', 'wrong_vehicle', 'plate_cloned'];
const OUTCOMES = ['seized', 'paid_in_full', 'settled', 'not_found', 'false_hit'];

/** The lifecycle only moves forward, in this order (resolved and cancelled both end it). */
const STATE_ORDER = ['open', 'notified', 'acknowledged', 'verified', 'dispatched', 'on_scene', 'resolved'];
const stateRank = (state) => (state === 'cancelled' ? STATE_ORDER.length - 1 : STATE_ORDER.indexOf(state));

/**
 * True when `incoming` shows the same alert in an earlier state than `current`. Answers reach the
 * page out of order (a refresh sent before an action committed, an SSE event processed late):
 * shown, such a view would put the desk back a step and change the buttons under the pointer.
 */
function staler(incoming, current) {
  return Boolean(current && incoming && current.id === incoming.id && stateRank(incoming.state) < stateRank(current.state));
}

/** Roles that may act on alerts; leadership reads the desk only. */
const ACTING_ROLES = ['dispatcher', 'duty_director', 'team_lead', 'officer'];
/** The command center may act for any roster officer (the picker); everyone else acts as themselves. */
const PICKING_ROLES = ['dispatcher', 'duty_director'];
/** A person with only these roles sees and acts on their own team's alerts. */
const TEAM_BOUND_ROLES = ['officer', 'team_lead'];

/** The one team this person is confined to, or null (as the server's confinedTeam). */
function confinedTeam(me) {
  return me.roles.every((role) => TEAM_BOUND_ROLES.includes(role)) ? (me.teamId ?? '(none)') : null;
}

function officerTeam(officer) {
  return officer?.teamId ?? officer?.team?.id ?? null;
}

/**
 * Whether an officer the command center picked may act on the alert, by the server's rules: the
 * assignee, a lead of the alert's team or the command center. (For the person themselves the
 * server says it: `allowedActions` is empty when they may not act.) `officer` undefined: not
 * known here; the server decides (403).
 */
function pickedMayAct(officer, alert) {
  if (officer === null || officer === undefined) return true;
  return (
    officer.id === alert.assignee?.id ||
    (officerTeam(officer) === alert.team?.id && (officer.roles ?? []).includes('team_lead')) ||
    officerTeam(officer) === COMMAND_CENTER
  );
}

function officerLabel(officer) {
  return `${officer.name} · ${officer.badge}`;
}

function hitType(alert) {
  const source = alert.source ?? alert.hitSource ?? 'checkpoint';
  return `${t(`source.${source}`)}${alert.match === 'fuzzy' ? ` · ${t('match.fuzzy')}` : ''}`;
}

function Queue({ alerts, selectedId, onSelect, now }) {
  if (alerts.length === 0) return html`<p class="empty" data-testid="queue-empty">${t('queue.empty')}</p>`;
  return html`<table class="queue" data-testid="queue">
    <thead>
      <tr>
        <th>${t('col.plate')}</th><th>${t('col.case')}</th><th>${t('col.hitType')}</th><th>${t('col.place')}</th>
        <th>${t('col.assignee')}</th><th>${t('col.state')}</th><th>${t('col.sla')}</th>
      </tr>
    </thead>
    <tbody>
      ${alerts.map(
        (a) => html`<tr
          key=${a.id}
          data-testid="queue-row"
          data-alert-id=${a.id}
          data-state=${a.state}
          class=${`${a.id === selectedId ? 'selected' : ''} ${a.priority === 'livelihood' ? 'livelihood' : ''}`}
          onClick=${() => onSelect(a.id)}
        >
          <td class="plate">${a.plate}</td>
          <td>${a.caseNumber}</td>
          <td>${hitType(a)}</td>
          <td>${a.lastLocation?.name ?? a.lastCameraId}</td>
          <td>${a.assignee ? `${a.assignee.name} (${a.assignee.badge ?? ''})` : html`<em>${t('unassigned')}</em>`}<br /><small>${a.team?.name}</small></td>
          <td data-testid="row-state">${t(`state.${a.state}`)}</td>
          <td><${SlaBadges} alert=${a} now=${now} /></td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

function Field({ label, value }) {
  return html`<div class="field"><dt>${t(label)}</dt><dd data-testid=${label}>${value ?? '—'}</dd></div>`;
}

/** `onAct()` as an action is sent gives what takes its answer (the alert after it). */
function Actions({ alert, me, acting, onAct }) {
  const [note, setNote] = useState('');
  const [reason, setReason] = useState(REJECT_REASONS[0]);
  const [outcome, setOutcome] = useState(OUTCOMES[0]);
  const [message, setMessage] = useState(null);
  if (alert.closedAt) return html`<p class="muted">${t('detail.closed')}</p>`;
  if (!hasAnyRole(me, ACTING_ROLES)) return html`<p class="muted" data-testid="read-only">${t('detail.readOnly')}</p>`;
  // What the lifecycle allows now and the server allows this person: the one source of the buttons.
  const actions = (alert.allowedActions ?? []).filter((action) => action !== 'silence');
  if (actions.length === 0) return html`<p class="warn" data-testid="not-allowed">${t('detail.notAllowed')}</p>`;
  const allowed = !acting.pickedId || pickedMayAct(acting.officer, alert);
  const run = async (action) => {
    // Only a picked officer is named; otherwise the server acts as the person's own officer, or the desk.
    const body = { ...(acting.pickedId ? { officerId: acting.pickedId } : {}), ...(note ? { note } : {}) };
    if (action === 'reject') body.reason = reason;
    if (action === 'resolve') body.outcome = outcome;
    const done = onAct();
    try {
      const detail = await api(`/api/v1/alerts/${alert.id}/${action}`, { method: 'POST', body });
      setMessage({ ok: true, text: t('action.done') });
      setNote('');
      done(detail);
    } catch (error) {
      setMessage({ ok: false, text: errorText(error) });
    }
  };
  return html`<div class="actions">
    ${!allowed && html`<p class="warn" data-testid="not-allowed">${t('detail.notAllowed')}</p>`}
    <label class="note">${t('field.note')} <input value=${note} onInput=${(e) => setNote(e.currentTarget.value)} /></label>
    <div class="buttons">
      ${actions.map((action) => {
        const extra =
          action === 'reject'
            ? html`<select data-testid="reject-reason" value=${reason} onChange=${(e) => setReason(e.currentTarget.value)}>
                ${REJECT_REASONS.map((r) => html`<option value=${r}>${t(`reason.${r}`)}</option>`)}
              </select>`
            : action === 'resolve'
              ? html`<select data-testid="resolve-outcome" value=${outcome} onChange=${(e) => setOutcome(e.currentTarget.value)}>
                  ${OUTCOMES.map((o) => html`<option value=${o}>${t(`outcome.${o}`)}</option>`)}
                </select>`
              : null;
        return html`<span class="action" key=${action}>${extra}<button data-testid=${`action-${action}`} disabled=${!allowed} onClick=${() => run(action)}>${t(`action.${action}`)}</button></span>`;
      })}
    </div>
    ${message && html`<p class=${message.ok ? 'ok' : 'error'} data-testid="action-message">${message.text}</p>`}
  </div>`;
}

function Detail({ detail, me, acting, now, onAct }) {
  if (!detail) return html`<p class="muted">${t('detail.pick')}</p>`;
  const seal = detail.seizure ?? {};
  return html`<article class="detail" data-testid="detail" data-alert-id=${detail.id} data-state=${detail.state}>
    <h2><span class="plate">${detail.plate}</span> <span class=${`state state-${detail.state}`} data-testid="detail-state">${t(`state.${detail.state}`)}</span>
      ${detail.priority === 'livelihood' && html` <span class="tag">${t('priority.livelihood')}</span>`}</h2>
    <${SlaBadges} alert=${detail} now=${now} />
    <${HandoffNotes} alert=${detail} />
    <${ClonedPlate} flag=${detail.clonedPlate} />
    <section>
      <h3>${t('detail.seal')}</h3>
      <dl class="fields">
        <${Field} label="field.caseNumber" value=${detail.caseNumber} />
        <${Field} label="field.plateColor" value=${seal.plateColor && t(`plateColor.${seal.plateColor}`)} />
        <${Field} label="field.vin" value=${seal.vin} />
        <${Field} label="field.vehicle" value=${vehicleText(seal)} />
        <${Field} label="field.owner" value=${seal.ownerName} />
        <${Field} label="field.tribunal" value=${detail.tribunal} />
        <${Field} label="field.sealedAt" value=${seal.sealedAt && formatDateTime(seal.sealedAt)} />
        <${Field} label="field.expiresAt" value=${seal.expiresAt && formatDateTime(seal.expiresAt)} />
        <${Field} label="field.disposition" value=${dispositionText(seal.disposition)} />
        <${Field} label="field.team" value=${detail.team?.name} />
        <${Field} label="field.routing" value=${routingText(detail)} />
        <${Field} label="field.hits" value=${detail.hitCount} />
        <${Field} label="field.lastSeen" value=${`${formatDateTime(detail.lastSeenAt)} · ${detail.lastLocation?.name ?? detail.lastCameraId}`} />
      </dl>
    </section>
    <section>
      <h3>${t('detail.actions')}</h3>
      <${Actions} alert=${detail} me=${me} acting=${acting} onAct=${onAct} />
    </section>
    ${detail.outcome === 'seized' && html`<${ImpoundRecord} alertId=${detail.id} />`}
    <section>
      <h3>${t('detail.track')}</h3>
      ${(detail.hits ?? []).some((h) => h.location) ? html`<${Track} hits=${detail.hits} />` : html`<p class="muted">${t('detail.noTrack')}</p>`}
    </section>
    <${Hits} hits=${detail.hits ?? []} />
    <section>
      <h3>${t('detail.timeline')}</h3>
      <${Timeline} entries=${detail.timeline ?? []} />
    </section>
  </article>`;
}

/** Why the alert went to its team, in the page's language: the routing entry's reason codes, else the server's English. */
function routingText(detail) {
  const routed = (detail.timeline ?? []).filter((e) => e.kind === 'assigned' && e.details?.reasonParts).at(-1);
  return reasonText(routed?.details.reasonParts, detail.routingReason);
}

/** An entry's reason: coded parts translated, a reject reason by its dictionary entry, else as stored. */
function entryReason(details) {
  if (!details?.reason) return '';
  if (details.reasonParts) return reasonText(details.reasonParts, details.reason);
  const known = t(`reason.${details.reason}`);
  return known === `reason.${details.reason}` ? details.reason : known;
}

function TimelineEntry({ entry }) {
  const reason = entryReason(entry.details);
  const place = entry.kind === 'hit' ? entry.details?.location?.name ?? entry.details?.checkpointId ?? entry.details?.cameraId : null;
  return html`<li data-kind=${entry.kind}><time>${formatDateTime(entry.at)}</time> <b>${t(`timeline.${entry.kind}`)}</b> <span class="muted">${entry.actor}</span>
    ${place ? html` · ${place}` : ''}${entry.details?.note ? html` — ${entry.details.note}` : ''}${reason ? html` — ${reason}` : ''}</li>`;
}

/**
 * The alert's history. A run of hits (a car passing camera after camera, or standing in front of
 * one) is one line, "命中 ×13, last at … K09", that opens to show each hit.
 */
function Timeline({ entries }) {
  const rows = [];
  for (const entry of entries) {
    const last = rows.at(-1);
    if (entry.kind === 'hit' && Array.isArray(last) && last[0].kind === 'hit') last.push(entry);
    else rows.push(entry.kind === 'hit' ? [entry] : entry);
  }
  return html`<ol class="timeline" data-testid="timeline">
    ${rows.map((row) => {
      if (!Array.isArray(row)) return html`<${TimelineEntry} entry=${row} />`;
      if (row.length === 1) return html`<${TimelineEntry} entry=${row[0]} />`;
      const latest = row.at(-1);
      const place = latest.details?.location?.name ?? latest.details?.checkpointId ?? latest.details?.cameraId ?? '';
      return html`<li class="hit-group" data-testid="hit-group">
        <details>
          <summary><time>${formatDateTime(row[0].at)}</time> <b>${fill(t('timeline.hitGroup'), { count: row.length, at: formatDateTime(latest.at), place })}</b></summary>
          <ol class="timeline">${row.map((entry) => html`<${TimelineEntry} entry=${entry} />`)}</ol>
        </details>
      </li>`;
    })}
  </ol>`;
}

/** A dictionary text with its {placeholders} filled. */
function fill(text, params) {
  return text.replace(/\{(\w+)\}/g, (_, k) => String(params[k] ?? ''));
}

/** What a seal or a camera says of the vehicle, as one line: 白色 · 大众 朗逸 · 轿车. */
function vehicleText(v) {
  if (!v) return '';
  const parts = [v.vehicleColor && t(`vehicleColor.${v.vehicleColor}`), [v.vehicleBrand, v.vehicleModel].filter(Boolean).join(' '), v.vehicleType && t(`vehicleType.${v.vehicleType}`)];
  return parts.filter(Boolean).join(' · ');
}

function attributeValue(a, value) {
  if (a.attribute === 'vehicleColor') return t(`vehicleColor.${value}`);
  if (a.attribute === 'vehicleType') return t(`vehicleType.${value}`);
  if (a.attribute === 'plateColor') return t(`plateColor.${value}`);
  return value;
}

/** Possible cloned plate (套牌): why, and for impossible travel both places and how fast the trip would have been. */
function ClonedPlate({ flag }) {
  if (!flag) return null;
  const other = flag.otherRead;
  return html`<p class="warn cloned" data-testid="cloned-plate">
    <b>${t('cloned.title')}</b> — ${flag.reasons.map((r) => t(`cloned.${r}`)).join('；')}
    ${other
      ? html`<br />${fill(t('cloned.travel'), {
          here: flag.place?.name ?? '',
          hereAt: formatDateTime(flag.at),
          there: other.location?.name ?? other.cameraId,
          thereAt: formatDateTime(other.observedAt),
          km: other.distanceKm,
          kmh: other.speedKmh,
        })}`
      : ''}
    <br /><span class="muted">${t('cloned.check')}</span>
  </p>`;
}

/** Per hit: exact or possible, which characters differed, how sure the camera was, which attributes agreed or differed, the cloned-plate flag. */
function Hits({ hits }) {
  if (!hits.length) return null;
  return html`<section>
    <h3>${t('detail.hits')}</h3>
    <table class="hits" data-testid="hits">
      <thead><tr><th>${t('hits.when')}</th><th>${t('hits.where')}</th><th>${t('hits.read')}</th><th>${t('hits.match')}</th><th>${t('hits.vehicle')}</th></tr></thead>
      <tbody>
        ${[...hits].reverse().map(
          (h) => html`<tr data-testid="hit-row" class=${h.clonedPlate ? 'cloned' : ''}>
            <td>${formatDateTime(h.observedAt)}</td>
            <td>${h.location?.name ?? h.cameraId}</td>
            <td><span class="plate">${h.readPlate}</span>
              ${(h.differences ?? []).length
                ? html`<br /><span class="muted" data-testid="hit-differences">${h.differences
                    .map((d) => fill(t('hits.difference'), { n: d.position + 1, expected: d.expected || '∅', read: d.read || '∅' }))
                    .join('，')}</span>`
                : ''}${h.confidence != null
                ? html`<br /><span class="muted" data-testid="hit-confidence">${fill(t('hits.confidence'), { value: h.confidence.toFixed(2) })}</span>`
                : ''}</td>
            <td>${h.match === 'fuzzy' ? html`${t('match.fuzzy')} ${h.score != null ? h.score.toFixed(2) : ''}` : t('match.exact')}
              ${h.clonedPlate ? html`<br /><b class="warn" data-testid="hit-cloned">${t('cloned.title')}</b>` : ''}</td>
            <td data-testid="hit-attributes">${(h.attributes ?? []).map(
              (a) => html`<span class=${`attr attr-${a.verdict}`} title=${`${t(`attribute.${a.attribute}`)}: ${attributeValue(a, a.sealed)} / ${attributeValue(a, a.seen)}`}>${t(`attribute.${a.attribute}`)} ${t(`verdict.${a.verdict}`)}</span> `,
            )}${!(h.attributes ?? []).length && h.seenVehicle ? vehicleText(h.seenVehicle) : ''}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

function OnDuty({ roster }) {
  if (roster === undefined) return null;
  if (roster instanceof Error) {
    return html`<p class=${roster.status === 403 ? 'warn' : 'muted'} data-testid="on-duty-error">${roster.status === 403 ? errorText(roster) : `${t('onDuty.title')}: ${t('unavailable')}`}</p>`;
  }
  return html`<ul class="on-duty" data-testid="on-duty">
    ${roster.teams.map(
      (entry) => html`<li>
        <b>${entry.team.name}</b>:
        ${entry.officers.length ? entry.officers.map((o) => `${o.name} (${o.badge}${o.phone ? `, ${o.phone}` : ''})`).join('、') : html`<em>${t('onDuty.nobody')}</em>`}
      </li>`,
    )}
  </ul>`;
}

/** Who acts: the picked officer (command center), else the person's own roster officer, else the desk. */
function useActing(me, officers) {
  const key = `actingOfficer:${me.username}`;
  const picks = hasAnyRole(me, PICKING_ROLES);
  const [pickedId, setPickedId] = useState(picks ? (localStorage.getItem(key) ?? '') : '');
  const choose = (id) => {
    localStorage.setItem(key, id);
    setPickedId(id);
  };
  const known = (id) => officers?.find((o) => o.id === id);
  // The person's own officer; without the officer list (officers may not read the roster) what the sign-in says of it.
  const own = me.officerId ? (known(me.officerId) ?? { id: me.officerId, teamId: me.teamId, roles: me.roles, name: me.username }) : null;
  const picked = picks && pickedId ? known(pickedId) : null;
  // undefined: an officer was picked whom the list does not (or no longer) hold: the server decides.
  const officer = picks && pickedId ? picked : own;
  return { picks, pickedId: picks ? pickedId : '', officer, own, choose };
}

function ActingAs({ me, officers, acting }) {
  if (!hasAnyRole(me, ACTING_ROLES)) return null;
  const self = acting.own?.badge ? officerLabel(acting.own) : me.username;
  if (!acting.picks) {
    return html`<span class="acting" data-testid="acting-as-fixed">${t('actingAs')} <b>${self}</b></span>`;
  }
  return html`<label class="acting">${t('actingAs')}
    <select data-testid="acting-as" value=${acting.pickedId} onChange=${(e) => acting.choose(e.currentTarget.value)}>
      <option value="">${t('actingAs.self')} (${self})</option>
      ${(officers ?? []).filter((o) => o.id !== me.officerId).map((o) => html`<option value=${o.id}>${officerLabel(o)}</option>`)}
    </select>
  </label>`;
}

function Desk({ me, signOut }) {
  const [alerts, setAlerts] = useState(new Map());
  const [queueError, setQueueError] = useState(null);
  const [selectedId, setSelectedId] = useState(null);
  const [detail, setDetail] = useState(null);
  const [officers, setOfficers] = useState([]);
  const [roster, setRoster] = useState(undefined);
  // Someone confined to their team sees only that team: no filter (and none left over from another person).
  const confined = confinedTeam(me);
  const teamKey = `deskTeam:${me.username}`;
  const [teamFilter, setTeamFilter] = useState(confined ? '' : (localStorage.getItem(teamKey) ?? ''));
  const [teams, setTeams] = useState([]);
  const acting = useActing(me, officers);
  const now = useNow();
  // The stream handler is registered once; it reads the current selection through this ref.
  const selectedRef = useRef(null);

  const upsert = (view) =>
    setAlerts((current) => {
      if (staler(view, current.get(view.id))) return current;
      const next = new Map(current);
      if (view.closedAt) next.delete(view.id);
      else next.set(view.id, view);
      return next;
    });

  // One snapshot at start and each time the stream opens (the first time and after every
  // reconnect) closes the gap; the stream pushes the rest.
  // Officers and team leads get their own team's alerts only, from the list and the stream alike.
  const log = useRef(null);
  log.current ??= createStreamLog();
  const snapshot = () => {
    const mark = log.current.mark();
    return api('/api/v1/alerts?open=true&limit=500')
      .then(({ items }) => {
        setQueueError(null);
        setAlerts((current) => log.current.merge(current, items, mark) ?? current);
      })
      .catch((error) => {
        if (error.status) setQueueError(error);
      });
  };

  useEffect(() => {
    // Roster reads are not open to every role (a 403 here is shown, not fatal).
    api('/api/v1/officers')
      .then((body) => setOfficers(body.items ?? body))
      .catch(() => setOfficers(null));
    if (!confined) {
      api('/api/v1/teams')
        .then((body) => setTeams(body.items ?? body))
        .catch(() => setTeams([]));
    }
    const loadRoster = () =>
      api('/api/v1/roster/on-duty')
        .then(setRoster)
        .catch((error) => setRoster(error));
    loadRoster();
    // Who is on duty changes at shift boundaries; a refresh every five minutes is enough.
    const rosterTimer = setInterval(loadRoster, 5 * 60_000);

    snapshot();
    return () => clearInterval(rosterTimer);
  }, []);

  const live = useAlertStream((view) => {
    log.current.changed(view.id);
    upsert(view);
    setDetail((current) => (current && current.id === view.id && !staler(view, current) ? { ...current, ...view } : current));
    if (view.id === selectedRef.current) refreshDetail(view.id);
  }, snapshot);

  // Loads of the detail (one on every change of the selected alert) and actions may answer out of
  // order: an answer is shown only if none asked for later has been (as on the phone's alert page).
  const answers = useRef(null);
  answers.current ??= createAnswerOrder();
  const refreshDetail = (id) => {
    const ticket = answers.current.ask();
    return api(`/api/v1/alerts/${id}`)
      .then((d) => {
        if (id === selectedRef.current && answers.current.settle(ticket)) setDetail((current) => (current?.id === id && staler(d, current) ? current : d));
      })
      .catch(() => undefined);
  };
  const actionAnswer = () => {
    const ticket = answers.current.ask();
    return (d) => {
      if (answers.current.settle(ticket)) setDetail((current) => (staler(d, current) ? current : d));
      // As fresh as the stream's word: a snapshot asked for before the action must not undo it.
      log.current.changed(d.id);
      upsert(d);
    };
  };

  const select = (id) => {
    selectedRef.current = id;
    setSelectedId(id);
    refreshDetail(id);
  };

  // Re-sorted every few seconds as countdowns cross into amber and red, and on every change.
  const sorted = useMemo(
    () => [...alerts.values()].filter((a) => !teamFilter || a.team?.id === teamFilter).sort((a, b) => compareUrgency(a, b, now)),
    [alerts, teamFilter, Math.floor(now / 5_000)],
  );

  const extra = html`<${ActingAs} me=${me} officers=${officers} acting=${acting} />
    <span class=${live ? 'live on' : 'live off'} data-testid="live">${live ? t('stream.live') : t('stream.down')}</span>`;

  return html`<${Header} page="desk" extra=${extra} me=${me} signOut=${signOut} />
    <main class="desk">
      <section class="queue-pane">
        <h2>${t('queue.title')} <small>(${sorted.length})</small>
          ${!confined &&
          html`<select class="team-filter" data-testid="team-filter" value=${teamFilter} onChange=${(e) => {
            localStorage.setItem(teamKey, e.currentTarget.value);
            setTeamFilter(e.currentTarget.value);
          }}>
            <option value="">${t('queue.allTeams')}</option>
            ${teams.map((team) => html`<option value=${team.id}>${team.name}</option>`)}
          </select>`}
        </h2>
        ${queueError && html`<p class="error" data-testid="queue-error">${errorText(queueError)}</p>`}
        <${Queue} alerts=${sorted} selectedId=${selectedId} onSelect=${select} now=${now} />
        <h2>${t('onDuty.title')}</h2>
        <${OnDuty} roster=${roster} />
        <${WatchHealth} me=${me} />
      </section>
      <section class="detail-pane">
        <${Detail} detail=${detail} me=${me} acting=${acting} now=${now} onAct=${actionAnswer} />
      </section>
    </main>`;
}

startPage('desk', Desk);
