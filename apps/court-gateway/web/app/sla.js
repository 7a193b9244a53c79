// SLA countdowns from AlertView.sla.targets (the server's one target → timestamp map) and the browser clock.
const LABELS = { ack: { key: 'ack', label: 'sla.ack' }, on_scene: { key: 'onScene', label: 'sla.onScene' }, resolve: { key: 'resolve', label: 'sla.resolve' } };

/**
 * Each target: ok | at-risk (amber) | breached (red) | met | missed (met late) | closed, with the
 * seconds left. Seconds left round up, so an overdue target shows the whole seconds it is late,
 * counted down, exactly as the server counts lateness.
 */
export function slaTargets(alert, nowMs) {
  const closed = !!alert.closedAt;
  return (alert.sla?.targets ?? []).map((target) => {
    const due = Date.parse(target.dueAt);
    const risk = Date.parse(target.atRiskAt);
    const met = target.metAt ? Date.parse(target.metAt) : null;
    let status;
    if (met !== null) status = met <= due ? 'met' : 'missed';
    else if (closed) status = 'closed';
    else if (nowMs >= due) status = 'breached';
    else if (nowMs >= risk) status = 'at-risk';
    else status = 'ok';
    return { ...(LABELS[target.target] ?? { key: target.target, label: `sla.${target.target}` }), status, secondsLeft: Math.ceil((due - nowMs) / 1000) };
  });
}

const WEIGHT = { breached: 3, 'at-risk': 2, ok: 1 };

/** Most urgent first (a breached target, then one at risk, then green-channel cases), then newest. */
export function compareUrgency(a, b, nowMs) {
  const urgency = (alert) => Math.max(0, ...slaTargets(alert, nowMs).map((target) => WEIGHT[target.status] ?? 0));
  return (
    urgency(b, nowMs) - urgency(a, nowMs) ||
    (b.priority === 'livelihood') - (a.priority === 'livelihood') ||
    Date.parse(b.openedAt) - Date.parse(a.openedAt)
  );
}
