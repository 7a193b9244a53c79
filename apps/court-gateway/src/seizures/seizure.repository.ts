import { Injectable } from '@nestjs/common';
import { PlateColor, VehicleColor, VehicleType } from '@app/contracts';
import { Transactions } from '@app/platform';
import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { COURT_SCHEMA } from '../config/court-gateway.env';
import { SealExpiryWarning, Seizure, SeizureStatus } from './seizure.entity';

/**
 * A seal a team-bound caller (officer, team lead) may see: its tribunal is their team, or one of
 * its alerts was routed to their team. Owners' names are personal data: other teams' stay hidden.
 */
const SEAL_OF_TEAM = `(s.tribunal = (SELECT t.name FROM ${COURT_SCHEMA}.teams t WHERE t.id = :team) OR EXISTS (SELECT 1 FROM ${COURT_SCHEMA}.alerts a WHERE a.seizure_id = s.id AND a.team_id = :team))`;

/** A seal in force as the watchlist export carries it: plain columns, read in full every reconciliation. */
export interface SealInForceRow {
  id: string;
  plate: string;
  plate_color: PlateColor | null;
  vehicle_color: VehicleColor | null;
  vehicle_brand: string | null;
  vehicle_model: string | null;
  vehicle_type: VehicleType | null;
  case_number: string;
  livelihood: boolean;
  sealed_at: Date;
  expires_at: Date;
}

export interface ExpiringSealRow {
  id: string;
  case_number: string;
  plate: string;
  tribunal: string | null;
  expires_at: Date;
  warned_at: Date | null;
}

/**
 * Seals (court.seizures) and their expiry warnings: all the SQL over them, read and written in
 * the transaction of the request or message ({@link Transactions}).
 */
@Injectable()
export class SeizureRepository {
  constructor(private readonly tx: Transactions) {}

  private get seizures() {
    return this.tx.manager.getRepository(Seizure);
  }

  findById(id: string): Promise<Seizure | null> {
    return this.seizures.findOne({ where: { id } });
  }

  findByIds(ids: string[]): Promise<Seizure[]> {
    return ids.length ? this.seizures.findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  /** The seal, locked until the transaction ends: a hit and a release of one seal are serialized. */
  lockById(id: string): Promise<Seizure | null> {
    return this.seizures.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** These seals, locked in id order (so two transactions locking overlapping sets cannot deadlock). */
  lockByIds(ids: string[]): Promise<Seizure[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.seizures.find({ where: { id: In(ids) }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
  }

  /** Serializes registrations of one case and plate until the transaction ends, so exactly one seal is created. */
  async lockRegistration(caseNumber: string, plate: string): Promise<void> {
    await this.tx.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`seizure:${caseNumber}:${plate}`]);
  }

  /** The active seal of this case on this plate (at most one), lapsed or not. */
  activeOf(caseNumber: string, plate: string): Promise<Seizure | null> {
    return this.seizures.findOne({ where: { caseNumber, plate, status: SeizureStatus.Active } });
  }

  async markExpired(id: string, at: Date): Promise<void> {
    await this.seizures.update(id, { status: SeizureStatus.Expired, expiredAt: at });
  }

  save(seizure: Seizure): Promise<Seizure> {
    return this.seizures.save(seizure);
  }

  /** One seal; `team`: only if that team may see it. */
  findForTeam(id: string, team: string | null): Promise<Seizure | null> {
    const query = this.seizures.createQueryBuilder('s').where('s.id = :id', { id });
    if (team !== null) query.andWhere(SEAL_OF_TEAM, { team });
    return query.getOne();
  }

  /** Newest first; `team`: only the seals that team may see. */
  list(status: SeizureStatus | undefined, limit: number, team: string | null): Promise<Seizure[]> {
    const query = this.seizures.createQueryBuilder('s').orderBy('s.createdAt', 'DESC').addOrderBy('s.id').take(limit);
    if (status) query.andWhere('s.status = :status', { status });
    if (team !== null) query.andWhere(SEAL_OF_TEAM, { team });
    return query.getMany();
  }

  /** One page of the seals in force at `now` (active and unexpired), by id after `cursor`. */
  inForcePage(now: Date, cursor: string | undefined, limit: number): Promise<SealInForceRow[]> {
    return this.tx.manager.query(
      `SELECT id, plate, plate_color, vehicle_color, vehicle_brand, vehicle_model, vehicle_type, case_number, livelihood, sealed_at, expires_at
         FROM ${COURT_SCHEMA}.seizures
        WHERE status = $1 AND expires_at > $2 AND ($3::uuid IS NULL OR id > $3::uuid)
        ORDER BY id
        LIMIT $4`,
      [SeizureStatus.Active, now, cursor ?? null, limit],
    );
  }

  /** Active seals whose term ran out by `now`, claimed for this instance (others running the job skip them). */
  claimLapsed(now: Date): Promise<Seizure[]> {
    return this.seizures
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .where('s.status = :active AND s.expires_at <= :now', { active: SeizureStatus.Active, now })
      .getMany();
  }

  /** Active seals lapsing in (now, until] not yet warned for their current term. */
  unwarnedLapsingBy(now: Date, until: Date): Promise<Seizure[]> {
    return this.seizures
      .createQueryBuilder('s')
      .where(`s.status = :active AND s.expires_at > :now AND s.expires_at <= :until`, { active: SeizureStatus.Active, now, until })
      .andWhere(`NOT EXISTS (SELECT 1 FROM ${COURT_SCHEMA}.seal_expiry_warnings w WHERE w.seizure_id = s.id AND w.expires_at = s.expires_at)`)
      .getMany();
  }

  /** Records the warning for the seal's current term; false when one was recorded already (another instance). */
  async recordExpiryWarning(seizure: Seizure, warnedAt: Date): Promise<boolean> {
    const inserted = await this.tx.manager
      .createQueryBuilder()
      .insert()
      .into(SealExpiryWarning)
      .values({ id: randomUUID(), seizureId: seizure.id, expiresAt: seizure.expiresAt, tribunal: seizure.tribunal, warnedAt })
      .orIgnore()
      .returning('id')
      .execute();
    return (inserted.raw as unknown[]).length > 0;
  }

  /** Active seals lapsing in (now, until], soonest first, with the warning of their current term if any. */
  expiring(now: Date, until: Date, limit: number, team: string | null): Promise<ExpiringSealRow[]> {
    const params: unknown[] = [now, until, limit];
    if (team !== null) params.push(team);
    return this.tx.manager.query(
      `SELECT s.id, s.case_number, s.plate, s.tribunal, s.expires_at, w.warned_at
         FROM ${COURT_SCHEMA}.seizures s
         LEFT JOIN ${COURT_SCHEMA}.seal_expiry_warnings w ON w.seizure_id = s.id AND w.expires_at = s.expires_at
        WHERE s.status = 'active' AND s.expires_at > $1 AND s.expires_at <= $2 ${team === null ? '' : `AND ${SEAL_OF_TEAM.replaceAll(':team', '$4')}`}
        ORDER BY s.expires_at, s.id
        LIMIT $3`,
      params,
    );
  }
}
