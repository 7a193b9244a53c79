import { HitSource } from '@app/contracts';
import { CourtGatewayEnv } from '../config/court-gateway.env';
import { slaSeconds } from '../alerts/domain/sla';
import { AlertPriority, parseSlaTargets, SlaPolicy } from './sla-policy';

function envWith(overrides: Partial<CourtGatewayEnv> = {}): CourtGatewayEnv {
  return Object.assign(new CourtGatewayEnv(), { SLA_ACK_MINUTES: 5, SLA_ON_SCENE_MINUTES: 30, SLA_RESOLVE_MINUTES: 240, SLA_AT_RISK_SHARE: 0.8, ...overrides });
}

describe(SlaPolicy.name, () => {
  const openedAt = new Date('2026-03-02T02:00:00.000Z');

  it('gives normal alerts the configured targets, on scene within 30 minutes by default', () => {
    const sut = new SlaPolicy(envWith());
    expect(sut.deadlines(openedAt, AlertPriority.Normal)).toEqual({
      ackDueAt: new Date('2026-03-02T02:05:00.000Z'),
      onSceneDueAt: new Date('2026-03-02T02:30:00.000Z'),
      resolveDueAt: new Date('2026-03-02T06:00:00.000Z'),
    });
  });

  it('puts livelihood seals first, then inspection hits', () => {
    const sut = new SlaPolicy(envWith());
    expect(sut.priorityOf({ livelihood: true }, HitSource.Inspection)).toBe(AlertPriority.Livelihood);
    expect(sut.priorityOf({ livelihood: false }, HitSource.Inspection)).toBe(AlertPriority.Inspection);
    expect(sut.priorityOf({ livelihood: false })).toBe(AlertPriority.Normal);
    expect(sut.minutesFor(AlertPriority.Livelihood).onScene).toBeLessThan(sut.minutesFor(AlertPriority.Normal).onScene);
  });

  it('takes per-priority targets from SLA_TARGETS', () => {
    const sut = new SlaPolicy(envWith({ SLA_TARGETS: '{"livelihood":{"ack":2,"onScene":15}}' }));
    expect(sut.minutesFor(AlertPriority.Livelihood)).toEqual({ ack: 2, onScene: 15, resolve: 240 });
  });

  it('rejects SLA_TARGETS naming an unknown priority or a non-positive target', () => {
    expect(() => parseSlaTargets('{"urgent":{"ack":1}}')).toThrow(/unknown priority urgent/);
    expect(() => parseSlaTargets('{"normal":{"ack":0}}')).toThrow(/SLA_TARGETS.normal.ack/);
  });

  it('flags each target at risk at the configured share of its time', () => {
    const sut = new SlaPolicy(envWith({ SLA_AT_RISK_SHARE: 0.5 }));
    const risk = sut.atRisk(openedAt, sut.deadlines(openedAt));
    expect(risk.ackAtRiskAt).toEqual(new Date('2026-03-02T02:02:30.000Z'));
    expect(risk.onSceneAtRiskAt).toEqual(new Date('2026-03-02T02:15:00.000Z'));
  });

  it('counts whole seconds', () => {
    expect(slaSeconds(openedAt, new Date('2026-03-02T02:21:07.000Z'))).toBe(1267);
    // One rounding rule everywhere: elapsed seconds counted down, so 59.9 s is 59.
    expect(slaSeconds(openedAt, new Date('2026-03-02T02:00:59.900Z'))).toBe(59);
  });
});
