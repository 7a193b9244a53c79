// Shift handoff on the phone: the notes on an alert (newest first) and writing one for the next shift.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, errorText, formatDateTime, html } from '../app/common.js';
import { t } from './i18n.js';

export function HandoffNotes({ alert }) {
  const [notes, setNotes] = useState([]);
  const [text, setText] = useState('');
  const [message, setMessage] = useState(null);
  // Only the answer to the latest question is shown: an earlier one (another alert's, on the desk,
  // or a list from before the newest note) may come back after it.
  const asked = useRef(0);
  const load = () => {
    const question = ++asked.current;
    return api(`/api/v1/alerts/${alert.id}/handoffs`)
      .then(({ items }) => question === asked.current && setNotes(items))
      .catch(() => undefined);
  };
  // Asked again whenever the alert's view comes again: the live stream brings it when someone
  // writes a note, so a note written on another phone appears here without a reload.
  useEffect(() => {
    load();
  }, [alert]);
  const write = async (event) => {
    event.preventDefault();
    try {
      await api(`/api/v1/alerts/${alert.id}/handoffs`, { method: 'POST', body: { note: text } });
      setText('');
      setMessage(null);
      load();
    } catch (e) {
      setMessage(errorText(e));
    }
  };
  const writable = !alert.closedAt && (alert.allowedActions ?? []).length > 0;
  if (!notes.length && !writable) return null;
  return html`<section class="handoff" data-testid="handoff">
    <b>${t('handoff.title')}</b>
    ${notes.length > 0 &&
    html`<ul>
      ${notes.map((n) => html`<li data-testid="handoff-note">${n.note} <span class="muted">— ${n.writtenBy} · ${formatDateTime(n.createdAt)}</span></li>`)}
    </ul>`}
    ${writable &&
    html`<form onSubmit=${write}>
      <textarea data-testid="handoff-text" maxlength="2000" placeholder=${t('handoff.placeholder')} value=${text} onInput=${(e) => setText(e.currentTarget.value)} />
      <button class="secondary" type="submit" data-testid="handoff-write" disabled=${!text.trim()}>${t('handoff.write')}</button>
      ${message && html`<p class="error">${message}</p>`}
    </form>`}
  </section>`;
}

const HANDOFFS_RETRY_MS = 3_000;

/** The newest handoff note of each open alert of the officer's team: read first, before the list. */
export function HandoffsFirst({ alerts }) {
  const [notes, setNotes] = useState([]);
  const [attempt, setAttempt] = useState(0);
  // Asked again whenever the team's alerts change (a note is written on an alert someone is working),
  // and after a failed answer a few seconds later: the note is what the next shift must read first,
  // so one lost request must not hide it for the whole shift.
  useEffect(() => {
    let mounted = true;
    let retry;
    api('/api/v1/handoffs')
      .then(({ items }) => mounted && setNotes(items))
      .catch(() => {
        if (mounted) retry = setTimeout(() => setAttempt((n) => n + 1), HANDOFFS_RETRY_MS);
      });
    return () => {
      mounted = false;
      clearTimeout(retry);
    };
  }, [alerts, attempt]);
  if (!notes.length) return null;
  return html`<section class="handoff" data-testid="handoffs-first">
    <b>${t('handoff.first')}</b>
    <ul>
      ${notes.map((n) => {
        const alert = alerts?.get(n.alertId);
        return html`<li data-testid="handoff-first"><a href=${`#/alerts/${n.alertId}`}>${alert ? alert.plate : t('handoff.alert')}</a>：${n.note}
          <span class="muted">— ${n.writtenBy} · ${formatDateTime(n.createdAt)}</span></li>`;
      })}
    </ul>
  </section>`;
}
