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

  it('in nearest mode sends the alert to the on-duty officer whose live position is nearest, before any base or travel time', () => {
    const nearNaliang = { lat: 21.66, lon: 107.98 };
    // 防城法庭's li is responding 2 km from the hit; 那良's base is nearer than 防城's, and the table says 40 min.
    const li = { officerId: 'li', location: { lat: 21.675, lon: 107.985 }, ageMinutes: 3 };
    const decision = routeAlert(input({ mode: 'nearest', location: nearNaliang, travelMinutes: new Map([['nl', 10]]), livePositions: [li] }));
    expect(decision).toMatchObject({ teamId: 'fc', officerId: 'li', rule: 'nearest' });
    expect(decision.reason).toMatch(/live position \(1\.\d km away, fix 3 min old\)/);
    // Of two sharing officers the nearer wins; an officer not on duty (or of the command center) does not count.
    const wei = { officerId: 'wei', location: { lat: 21.661, lon: 107.981 }, ageMinutes: 1 };
    expect(routeAlert(input({ mode: 'nearest', location: nearNaliang, livePositions: [li, wei] }))).toMatchObject({ teamId: 'nl', officerId: 'wei' });
    const offDuty = teams({ cc: ['director'], fc: [], nl: ['wei'] });
    const director = { officerId: 'director', location: nearNaliang, ageMinutes: 0 };
    expect(routeAlert(input({ mode: 'nearest', location: nearNaliang, teams: offDuty, livePositions: [li, director] }))).toMatchObject({ teamId: 'nl', officerId: 'wei' });
    expect(routeAlert(input({ mode: 'nearest', location: nearNaliang, teams: offDuty, livePositions: [li, director] })).reason).not.toContain('live position');
  });

  it('in jurisdiction mode ignores live positions', () => {
    const li = { officerId: 'li', location: { lat: 21.66, lon: 107.98 }, ageMinutes: 1 };
    expect(routeAlert(input({ location: { lat: 21.66, lon: 107.98 }, livePositions: [li] }))).toMatchObject({ teamId: 'nl', rule: 'jurisdiction' });
  });
});
