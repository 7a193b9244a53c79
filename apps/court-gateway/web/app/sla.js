// SLA countdowns from AlertView.sla and the browser clock.
const TARGETS = [
  { key: 'ack', label: 'sla.ack', due: 'ackDueAt', risk: 'ackAtRiskAt', met: 'acknowledgedAt' },
  { key: 'onScene', label: 'sla.onScene', due: 'onSceneDueAt', risk: 'onSceneAtRiskAt', met: 'onSceneAt' },
  { key: 'resolve', label: 'sla.resolve', due: 'resolveDueAt', risk: 'resolveAtRiskAt', met: 'resolvedAt' },
];

const CLOSED = ['resolved', 'cancelled'];

/** Each target: ok | at-risk (amber) | breached (red) | met | missed (met late), with seconds left. */
export function slaTargets(alert, nowMs) {
  const sla = alert.sla ?? {};
  const opened = Date.parse(alert.openedAt);
  return TARGETS.filter((target) => sla[target.due]).map((target) => {
    const due = Date.parse(sla[target.due]);
    // Without an at-risk time from the server, the last fifth of the window is at risk.
    const risk = sla[target.risk] ? Date.parse(sla[target.risk]) : due - (due - opened) / 5;
    const met = sla[target.met] ? Date.parse(sla[target.met]) : null;
    let status;
    if (met !== null) status = met <= due ? 'met' : 'missed';
    else if (CLOSED.includes(alert.state)) status = 'closed';
    else if (nowMs >= due) status = 'breached';
    else if (nowMs >= risk) status = 'at-risk';
    else status = 'ok';
    return { ...target, status, secondsLeft: Math.round((due - nowMs) / 1000) };
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
