import { ReasonCode } from '@app/contracts';
import { coveringTeam, routeAlert, RoutingInput } from './routing.policy';

const teams = (onDuty: Record<string, string[]>): RoutingInput['teams'] => [
  { id: 'cc', name: '执行指挥中心', kind: 'command_center', base: { lat: 21.7645, lon: 108.3548 }, onDuty: onDuty.cc ?? [] },
  { id: 'fc', name: '防城法庭', kind: 'tribunal', base: { lat: 21.7712, lon: 108.356 }, onDuty: onDuty.fc ?? [] },
  { id: 'nl', name: '那良法庭', kind: 'tribunal', base: { lat: 21.656, lon: 107.97 }, onDuty: onDuty.nl ?? [] },
];

const input = (over: Partial<RoutingInput>): RoutingInput => ({
  mode: 'jurisdiction',
  checkpointId: 'NL-K01',
  location: null,
  teams: teams({ cc: ['director'], fc: ['li'], nl: ['wei'] }),
  jurisdictions: [{ teamId: 'nl', checkpointId: null, checkpointPrefix: 'NL-' }, { teamId: 'fc', checkpointId: 'NL-K99', checkpointPrefix: null }],
  travelMinutes: new Map(),
  sealTeamId: null,
  commandCenterId: 'cc',
  ...over,
});

describe(routeAlert.name, () => {
  it('sends the alert to the team whose jurisdiction covers the checkpoint', () => {
    expect(routeAlert(input({}))).toMatchObject({ teamId: 'nl', officerId: 'wei', rule: 'jurisdiction' });
  });

  it('prefers an exact checkpoint mapping over a prefix', () => {
    expect(coveringTeam('NL-K99', input({}).jurisdictions)).toBe('fc');
  });

  it('falls back to the seal tribunal, then the command center, when the covering team has nobody on duty', () => {
    const offDuty = teams({ cc: ['director'], fc: ['li'], nl: [] });
    expect(routeAlert(input({ teams: offDuty, sealTeamId: 'fc' }))).toMatchObject({ teamId: 'fc', officerId: 'li', rule: 'tribunal' });
    const decision = routeAlert(input({ teams: offDuty }));
    expect(decision).toMatchObject({ teamId: 'cc', officerId: 'director', rule: 'command_center' });
    expect(decision.reason).toContain('nobody at 那良法庭');
  });

  it('sends a hit outside every jurisdiction to the command center, unassigned when nobody is on duty there', () => {
    const decision = routeAlert(input({ checkpointId: 'XX-1', teams: teams({}) }));
    expect(decision).toMatchObject({ teamId: 'cc', officerId: null, rule: 'command_center' });
    expect(decision.reason).toBe('checkpoint XX-1 is outside every jurisdiction; command center fallback, nobody on duty: unassigned');
    // The same reason as codes and values, for the desk to say in its own language.
    expect(decision.reasonParts).toEqual([
      { code: ReasonCode.OutsideEveryJurisdiction, params: { checkpointId: 'XX-1' } },
      { code: ReasonCode.CommandCenterUnassigned, params: {} },
    ]);
  });

  it('in nearest mode picks the on-duty tribunal with the nearest base', () => {
    const nearNaliang = { lat: 21.66, lon: 107.98 };
    expect(routeAlert(input({ mode: 'nearest', location: nearNaliang }))).toMatchObject({ teamId: 'nl', rule: 'nearest' });
    expect(routeAlert(input({ mode: 'nearest', location: nearNaliang, teams: teams({ cc: ['d'], fc: ['li'] }) }))).toMatchObject({ teamId: 'fc' });
  });

  it('in nearest mode lets a measured travel time beat straight-line distance', () => {
    const nearNaliang = { lat: 21.66, lon: 107.98 };
    const decision = routeAlert(input({ mode: 'nearest', location: nearNaliang, travelMinutes: new Map([['fc', 25], ['nl', 40]]) }));
    expect(decision).toMatchObject({ teamId: 'fc', rule: 'nearest' });
    expect(decision.reason).toContain('25 min');
  });
});
