import { DomainError, ErrorCode, HitSource, MatchKind, ReasonCode, reasonPart } from '@app/contracts';
import { Alert, HitFacts } from './alert';
import { AlertAction, AlertOutcome, AlertState, RejectionReason } from './alert-lifecycle';
import { AlertCaller, allowedActions, assertMayAct } from './alert-permissions';
import { TimelineKind } from './alert-timeline';
import { AlertPriority, deadlinesFrom } from './sla';

const T0 = new Date('2026-03-02T02:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const officer = { label: 'officer:o1', officerId: 'o1' };

function hit(seconds: number, overrides: Partial<HitFacts> = {}): HitFacts {
  return { hitId: `h${seconds}`, cameraId: `CAM-${seconds}`, checkpointId: null, observedAt: at(seconds), source: HitSource.Checkpoint, match: MatchKind.Fuzzy, location: null, ...overrides };
}

function openAlert(options: { silenced?: boolean } = {}): Alert {
  const alert = Alert.open({
    id: 'a1',
    seizureId: 's1',
    priority: AlertPriority.Normal,
    routing: { rule: 'jurisdiction', teamId: 'fangcheng', teamName: '防城法庭', officerId: 'o1', officerName: '黄', reason: 'checkpoint K1 is in the jurisdiction of 防城法庭' },
    deadlines: deadlinesFrom(T0, { ack: 5, onScene: 30, resolve: 240 }),
    hit: hit(0),
    silence: options.silenced ? { id: 'sil', endsAt: at(3600), reason: 'known' } : null,
    now: T0,
  });
  return alert;
}

function caller(overrides: Partial<AlertCaller> = {}): AlertCaller {
  return { name: 'someone', mayTakeActions: true, maySilence: false, confinedTeam: null, actingAs: { kind: 'desk' }, ...overrides };
}

describe('Alert', () => {
  it('opens routed, with deadlines, an escalation due at the ack deadline and its first timeline entries in order', () => {
    const alert = openAlert();
    expect(alert.state).toBe(AlertState.Open);
    expect(alert.ackDueAt).toEqual(at(300));
    expect(alert.nextEscalationAt).toEqual(at(300));
    expect(alert.pagesOnOpen).toBe(true);
    expect(alert.takeTimeline().map((t) => t.kind)).toEqual([TimelineKind.Opened, TimelineKind.Assigned, TimelineKind.Hit]);
    expect(alert.takeTimeline()).toEqual([]);
  });

  it('opens silenced without paging, and says so in the timeline', () => {
    const alert = openAlert({ silenced: true });
    expect(alert.pagesOnOpen).toBe(false);
    expect(alert.takeTimeline().map((t) => t.kind)).toEqual([TimelineKind.Opened, TimelineKind.Assigned, TimelineKind.Hit, TimelineKind.Silenced]);
  });

  it('folds hits by when they were seen, not when they arrived', () => {
    const alert = openAlert();
    alert.recordHit(hit(120, { match: MatchKind.Exact }), null, at(130));
    alert.recordHit(hit(60), null, at(140)); // seen earlier, arrived later
    expect(alert.hitCount).toBe(3);
    expect(alert.lastSeenAt).toEqual(at(120));
    expect(alert.lastCameraId).toBe('CAM-120');
    expect(alert.firstSeenAt).toEqual(at(0));
    expect(alert.match).toBe(MatchKind.Exact);
  });

  it("gives the last place of the newest hit only, never an earlier hit's place beside the newest time", () => {
    const alert = openAlert();
    const place = { lat: 21.69, lon: 108.35, name: '防城区测试卡口' };
    alert.recordHit(hit(60, { location: place }), null, at(61));
    expect([alert.lastSeenAt, alert.lastCameraId, alert.lastLocation]).toEqual([at(60), 'CAM-60', place]);
    alert.recordHit(hit(120, { cameraId: 'FCG-K12', location: null }), null, at(121));
    expect([alert.lastSeenAt, alert.lastCameraId, alert.lastLocation]).toEqual([at(120), 'FCG-K12', null]);
    alert.recordHit(hit(90, { location: place }), null, at(122)); // an older hit arriving late changes nothing
    expect([alert.lastSeenAt, alert.lastCameraId, alert.lastLocation]).toEqual([at(120), 'FCG-K12', null]);
  });

  it('does not page about hits while silenced or once an officer is on scene', () => {
    const alert = openAlert();
    expect(alert.recordHit(hit(10), { id: 's', endsAt: at(600), reason: 'r' }, at(10)).paged).toBe(false);
    expect(alert.recordHit(hit(20), null, at(20)).paged).toBe(true);
    for (const action of [AlertAction.Acknowledge, AlertAction.Verify, AlertAction.Dispatch, AlertAction.OnScene]) alert.perform(action, officer, {}, at(30));
    expect(alert.recordHit(hit(40), null, at(40)).paged).toBe(false);
  });

  it('stamps response times in whole seconds counted down, and stops escalation on acknowledgement', () => {
    const alert = openAlert();
    alert.perform(AlertAction.Acknowledge, officer, {}, new Date(at(90).getTime() + 999));
    expect(alert.ackSeconds).toBe(90);
    expect(alert.acknowledgedBy).toBe('o1');
    expect(alert.nextEscalationAt).toBeNull();
  });

  it('refuses what the lifecycle does not allow with a 409 code naming the state', () => {
    const alert = openAlert();
    let error: unknown;
    try {
      alert.perform(AlertAction.Dispatch, officer, {}, at(10));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(ErrorCode.AlertTransitionNotAllowed);
    expect((error as DomainError).kind).toBe('conflict');
    expect((error as DomainError).message).toBe('alert a1 is open; it cannot become dispatched');
    expect((error as DomainError).params).toMatchObject({ state: 'open', action: 'dispatch' });
  });

  it('treats a rejection before acknowledgement as acknowledged and resolved as a false hit', () => {
    const alert = openAlert();
    alert.perform(AlertAction.Reject, officer, { reason: RejectionReason.Misread }, at(100));
    expect(alert.state).toBe(AlertState.Resolved);
    expect(alert.outcome).toBe(AlertOutcome.FalseHit);
    expect(alert.ackSeconds).toBe(100);
    expect(alert.resolveSeconds).toBe(100);
    expect(alert.closedAt).toEqual(at(100));
  });

  it('settles breaches: a target met late keeps its lateness, one unmet at the close counts until the close', () => {
    const alert = openAlert();
    alert.perform(AlertAction.Acknowledge, officer, {}, at(400)); // due at 300
    expect(alert.takeSettledBreaches(at(400))).toEqual([{ target: 'ack', dueAt: at(300), lateSeconds: 100 }]);
    expect(alert.takeSettledBreaches(at(500))).toEqual([]); // nothing changed since
    expect(alert.cancel(reasonPart(ReasonCode.SealReleased), at(2000))).toBe(true); // on scene was due at 1800
    expect(alert.takeSettledBreaches(at(2000))).toEqual([
      { target: 'ack', dueAt: at(300), lateSeconds: 100 },
      { target: 'on_scene', dueAt: at(1800), lateSeconds: 200 },
    ]);
    expect(alert.cancel(reasonPart(ReasonCode.SealExpired), at(2100))).toBe(false);
  });

  it('gives the SLA watch each unmet target at risk, then breached', () => {
    const alert = openAlert();
    expect(alert.slaNotices(at(239), 0.8)).toEqual([]);
    expect(alert.slaNotices(at(240), 0.8)).toEqual([{ target: 'ack', kind: 'at_risk', at: at(240) }]);
    expect(alert.slaNotices(at(301.5), 0.8)).toEqual([{ target: 'ack', kind: 'breached', at: at(300), lateSeconds: 1 }]);
    alert.perform(AlertAction.Acknowledge, officer, {}, at(310));
    expect(alert.slaNotices(at(1500), 0.8)).toEqual([{ target: 'on_scene', kind: 'at_risk', at: at(1440) }]);
  });

  it('escalates one level at a time, each repeat after the ack deadline, up to the last level', () => {
    const alert = openAlert();
    const rule = { repeatMinutes: 5, maxLevel: 2 };
    expect(alert.escalationDue(at(299))).toBe(false);
    expect(alert.escalationDue(at(300))).toBe(true);
    expect(alert.escalate({ role: 'team_lead', officers: [] }, rule, at(300))).toBe(1);
    expect(alert.nextEscalationAt).toEqual(at(600));
    expect(alert.escalate({ role: 'duty_director', officers: [] }, rule, at(600))).toBe(2);
    expect(alert.nextEscalationAt).toBeNull();
  });

  it('moves to notified on the first delivered page only', () => {
    const alert = openAlert();
    expect(alert.markNotified({ channel: 'webhook', recipient: 'x' }, at(5))).toBe(true);
    expect(alert.markNotified({ channel: 'webhook', recipient: 'y' }, at(6))).toBe(false);
    expect(alert.state).toBe(AlertState.Notified);
  });
});

describe('who may act on an alert', () => {
  const lead = { id: 'lead', badge: 'FC-1', teamId: 'fangcheng', isTeamLead: true, isCommandCenter: false };
  const other = { id: 'o2', badge: 'FC-2', teamId: 'fangcheng', isTeamLead: false, isCommandCenter: false };
  const director = { id: 'dd', badge: 'CC-1', teamId: 'command-center', isTeamLead: false, isCommandCenter: true };

  it('offers the lifecycle actions to the assignee, a lead of the team, the command center and the desk', () => {
    const alert = openAlert();
    const lifecycle = [AlertAction.Acknowledge, AlertAction.Reject, AlertAction.RequestInterception];
    expect(allowedActions(alert, caller({ actingAs: { kind: 'officer', officer: { ...other, id: 'o1' } } }))).toEqual(lifecycle);
    expect(allowedActions(alert, caller({ actingAs: { kind: 'officer', officer: lead } }))).toEqual(lifecycle);
    expect(allowedActions(alert, caller({ actingAs: { kind: 'officer', officer: director } }))).toEqual(lifecycle);
    expect(allowedActions(alert, caller({ maySilence: true }))).toEqual([...lifecycle, 'silence']);
  });

  it('offers nothing to another officer, another team, leadership, or an account not on the roster', () => {
    const alert = openAlert();
    expect(allowedActions(alert, caller({ actingAs: { kind: 'officer', officer: other } }))).toEqual([]);
    expect(allowedActions(alert, caller({ confinedTeam: 'dazhai' }))).toEqual([]);
    expect(allowedActions(alert, caller({ mayTakeActions: false }))).toEqual([]);
    expect(allowedActions(alert, caller({ actingAs: { kind: 'unlinked' } }))).toEqual([]);
  });

  it('offers nothing on a closed alert', () => {
    const alert = openAlert();
    alert.cancel(reasonPart(ReasonCode.SealReleased), at(10));
    expect(allowedActions(alert, caller({ maySilence: true }))).toEqual([]);
  });

  it('refuses with a code and the values the pages translate', () => {
    const alert = openAlert();
    expect(() => assertMayAct(alert, caller({ name: 'huang.dazhai', confinedTeam: 'dazhai' }))).toThrow("huang.dazhai belongs to team dazhai and may not act on team fangcheng's alert");
    try {
      assertMayAct(alert, caller({ actingAs: { kind: 'officer', officer: other } }));
    } catch (e) {
      expect((e as DomainError).code).toBe(ErrorCode.NotAssigneeOrLead);
      expect((e as DomainError).params).toEqual({ badge: 'FC-2', team: 'fangcheng' });
    }
  });
});
