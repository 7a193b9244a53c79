import { randomUUID } from 'node:crypto';
import { TestDatabase } from './test-database';

/** A seal with its case data, for the seizure (扣押) tests. */
export interface SealFacts {
  caseNumber: string;
  plate: string;
  vin?: string;
  ownerName?: string;
}

/**
 * A seal and its alert in a given state, assigned to `assigneeId` of `teamId`, first seen `hitMinutesAgo`
 * before `now` (the SLA fields per the default env): the alert as the lifecycle would have left it.
 */
export async function seedAlertInState(
  db: TestDatabase,
  o: { seal: SealFacts; state: 'acknowledged' | 'on_scene'; teamId: string; assigneeId: string; now: Date; hitMinutesAgo: number },
): Promise<{ alertId: string; seizureId: string }> {
  const seizureId = randomUUID();
  const alertId = randomUUID();
  await db.query(
    `INSERT INTO court.seizures (id, case_number, plate, vin, owner_name, vehicle_brand, vehicle_model, vehicle_color, tribunal, livelihood, sealed_at, expires_at, status, created_at)
     VALUES ($1, $2, $3, $4, $5, '大众', '朗逸', 'white', '防城法庭', false, '2025-06-01T02:00:00Z', '2027-06-01T02:00:00Z', 'active', now())`,
    [seizureId, o.seal.caseNumber, o.seal.plate, o.seal.vin ?? null, o.seal.ownerName ?? null],
  );
  const onScene = o.state === 'on_scene';
  await db.query(
    `WITH t AS (SELECT $4::timestamptz - make_interval(mins => $5::int) AS hit)
     INSERT INTO court.alerts (id, seizure_id, state, priority, team_id, assignee_id, routing_reason, hit_count, first_seen_at, last_seen_at, last_camera_id,
       opened_at, ack_due_at, on_scene_due_at, resolve_due_at, acknowledged_at, acknowledged_by, ack_seconds, verified_at, dispatched_at, on_scene_at, on_scene_seconds, updated_at)
     SELECT $1, $2, $3, 'normal', $6, $7::uuid, 'seeded', 1, hit, hit, 'FCG-K01',
       hit, hit + interval '5 minutes', hit + interval '30 minutes', hit + interval '240 minutes', hit + interval '2 minutes', $7::text, 120,
       CASE WHEN $8 THEN hit + interval '3 minutes' END, CASE WHEN $8 THEN hit + interval '4 minutes' END,
       CASE WHEN $8 THEN hit + interval '15 minutes' END, CASE WHEN $8 THEN 900 END, hit
     FROM t`,
    [alertId, seizureId, o.state, o.now, o.hitMinutesAgo, o.teamId, o.assigneeId, onScene],
  );
  return { alertId, seizureId };
}
