import { Injectable } from '@nestjs/common';
import { Transactions } from '@app/platform';
import { CustodyState } from './custody';
import { Impound, ImpoundPaper, ImpoundPhoto } from './impound.entity';

/** Seizure (扣押) records, their photos and papers: all the SQL over them, in the transaction of the request ({@link Transactions}). */
@Injectable()
export class ImpoundRepository {
  constructor(private readonly tx: Transactions) {}

  private get impounds() {
    return this.tx.manager.getRepository(Impound);
  }

  findByAlert(alertId: string): Promise<Impound | null> {
    return this.impounds.findOne({ where: { alertId } });
  }

  /** The record, locked until the transaction ends: custody changes of one car are serialized. */
  lockByAlert(alertId: string): Promise<Impound | null> {
    return this.impounds.findOne({ where: { alertId }, lock: { mode: 'pessimistic_write' } });
  }

  /** The record with its photos and papers, in one go (the caller's transaction). */
  async insert(impound: Impound, photos: ImpoundPhoto[], papers: ImpoundPaper[]): Promise<void> {
    await this.impounds.insert(impound);
    if (photos.length) await this.tx.manager.getRepository(ImpoundPhoto).insert(photos);
    if (papers.length) await this.tx.manager.getRepository(ImpoundPaper).insert(papers);
  }

  async save(impound: Impound): Promise<void> {
    await this.impounds.save(impound);
  }

  /** Cars in custody, longest kept first. */
  inCustody(limit: number): Promise<Impound[]> {
    return this.impounds.find({ where: { custodyState: CustodyState.InCustody }, order: { seizedAt: 'ASC' }, take: limit });
  }

  /** Records by custody state (all when absent) and the alert's team (any when null), newest seizure first. */
  list(state: CustodyState | undefined, teamId: string | null, limit: number): Promise<Impound[]> {
    const q = this.impounds.createQueryBuilder('i').where('true');
    if (state) q.andWhere('i.custodyState = :state', { state });
    if (teamId) q.andWhere('i.alertId IN (SELECT a.id FROM court.alerts a WHERE a.team_id = :teamId)', { teamId });
    return q.orderBy('i.seizedAt', 'DESC').limit(limit).getMany();
  }

  /** In custody, no fee warning raised yet, claimed for this instance (others running the job skip them). */
  claimUnwarned(limit: number): Promise<Impound[]> {
    return this.impounds
      .createQueryBuilder('i')
      .where('i.custodyState = :state AND i.feeWarnedAt IS NULL AND i.estimatedValueFen IS NOT NULL', { state: CustodyState.InCustody })
      .orderBy('i.seizedAt')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  async photoCounts(impoundIds: string[]): Promise<Map<string, number>> {
    if (!impoundIds.length) return new Map();
    const rows: { impound_id: string; count: number }[] = await this.tx.manager.query(
      `SELECT impound_id, count(*)::int AS count FROM court.impound_photos WHERE impound_id = ANY($1::uuid[]) GROUP BY impound_id`,
      [impoundIds],
    );
    return new Map(rows.map((r) => [r.impound_id, r.count]));
  }

  async photo(impoundId: string, n: number): Promise<{ contentType: string; data: Buffer } | null> {
    const rows: { contentType: string; data: Buffer }[] = await this.tx.manager.query(
      `SELECT content_type AS "contentType", data FROM court.impound_photos WHERE impound_id = $1 AND n = $2`,
      [impoundId, n],
    );
    return rows[0] ?? null;
  }

  async paper(impoundId: string, kind: string): Promise<Buffer | null> {
    const rows: { pdf: Buffer }[] = await this.tx.manager.query(`SELECT pdf FROM court.impound_papers WHERE impound_id = $1 AND kind = $2`, [impoundId, kind]);
    return rows[0]?.pdf ?? null;
  }
}
