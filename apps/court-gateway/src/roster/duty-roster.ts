import { daysBetween, LocalMoment, localMoment, ShiftWindow, shiftCovers, shiftStartDate } from './duty-time';

export interface RosterShift extends ShiftWindow {
  officerId: string;
}

/**
 * Whether two shifts put the same officer on duty in the same window on a weekday they share: one
 * is a copy of the other (a form sent twice, a row pasted twice), and the roster holds it once.
 */
export function sameShift(a: RosterShift, b: RosterShift): boolean {
  return a.officerId === b.officerId && a.startLocal === b.startLocal && a.endLocal === b.endLocal && a.weekdays.some((d) => b.weekdays.includes(d));
}

export interface RosterRotation extends ShiftWindow {
  officerIds: string[];
  period: 'day' | 'week';
  anchorDate: string;
}

export interface RosterOverride {
  kind: 'leave' | 'cover' | 'swap';
  officerId: string;
  replacesOfficerId: string | null;
  startsAt: Date;
  endsAt: Date;
}

export interface TeamRoster {
  shifts: RosterShift[];
  rotations: RosterRotation[];
  overrides: RosterOverride[];
}

/** Whose turn a rotation gives at the local moment, or null when its window is not covering it. */
export function rotationOfficer(rotation: RosterRotation, moment: LocalMoment & { date: string }): string | null {
  if (rotation.officerIds.length === 0) return null;
  const started = shiftStartDate(rotation, moment);
  if (!started) return null;
  const days = daysBetween(rotation.anchorDate, started);
  const turn = Math.floor(days / (rotation.period === 'week' ? 7 : 1));
  const n = rotation.officerIds.length;
  return rotation.officerIds[((turn % n) + n) % n];
}

/**
 * Officers on duty at `at`, in roster order: recurring shifts and rotations first, then the
 * one-off overrides active at that instant, which win (leave removes, cover adds, swap replaces).
 */
export function resolveOnDuty(roster: TeamRoster, at: Date, timeZone: string): string[] {
  const moment = localMoment(at, timeZone) as LocalMoment & { date: string };
  const onDuty: string[] = [];
  const add = (id: string | null) => {
    if (id && !onDuty.includes(id)) onDuty.push(id);
  };
  for (const shift of roster.shifts) if (shiftCovers(shift, moment)) add(shift.officerId);
  for (const rotation of roster.rotations) add(rotationOfficer(rotation, moment));

  const active = roster.overrides.filter((o) => o.startsAt <= at && at < o.endsAt);
  const remove = (id: string | null) => {
    const i = id ? onDuty.indexOf(id) : -1;
    if (i >= 0) onDuty.splice(i, 1);
  };
  for (const o of active) {
    if (o.kind === 'leave') continue;
    if (o.kind === 'swap' || o.replacesOfficerId) {
      const i = o.replacesOfficerId ? onDuty.indexOf(o.replacesOfficerId) : -1;
      if (i >= 0 && !onDuty.includes(o.officerId)) onDuty[i] = o.officerId;
      else {
        remove(o.replacesOfficerId);
        add(o.officerId);
      }
    } else add(o.officerId);
  }
  // Leave last: an officer on leave is off duty even if a cover names them.
  for (const o of active) if (o.kind === 'leave') remove(o.officerId);
  return onDuty;
}
