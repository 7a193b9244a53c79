import { Injectable } from '@nestjs/common';
import { DispositionState, DispositionStateChangedPayload } from '@app/contracts';
import { Transactions } from '@app/platform';
import { COURT_SCHEMA } from '../config/court-gateway.env';
import { SealDispositionView } from './disposition.dto';

interface Row {
  seizure_id: string;
  disposition_id: string;
  state: DispositionState;
  status_code: number | null;
  status_string: string | null;
  ends_at: Date | null;
  platform_id: string;
  changed_at: Date;
}

const toView = (r: Row): SealDispositionView => ({
  state: r.state,
  dispositionId: r.disposition_id,
  statusCode: r.status_code,
  statusString: r.status_string,
  endsAt: r.ends_at?.toISOString() ?? null,
  platformId: r.platform_id,
  changedAt: r.changed_at.toISOString(),
});

/** Each seal's 布控 state (court.seal_dispositions), read and written in the current transaction ({@link Transactions}). */
@Injectable()
export class SealDispositionsRepository {
  constructor(private readonly tx: Transactions) {}

  /** Stores the change unless a later one is already stored (events of one seal may be replayed). */
  async record(p: DispositionStateChangedPayload, receivedAt: Date): Promise<void> {
    await this.tx.manager.query(
      `INSERT INTO ${COURT_SCHEMA}.seal_dispositions (seizure_id, disposition_id, state, status_code, status_string, ends_at, platform_id, changed_at, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (seizure_id) DO UPDATE SET disposition_id = EXCLUDED.disposition_id, state = EXCLUDED.state, status_code = EXCLUDED.status_code,
         status_string = EXCLUDED.status_string, ends_at = EXCLUDED.ends_at, platform_id = EXCLUDED.platform_id, changed_at = EXCLUDED.changed_at,
         received_at = EXCLUDED.received_at
       WHERE ${COURT_SCHEMA}.seal_dispositions.changed_at <= EXCLUDED.changed_at`,
      [p.seizureId, p.dispositionId, p.state, p.statusCode ?? null, p.statusString ?? null, p.endsAt ?? null, p.platformId, p.changedAt, receivedAt],
    );
  }

  async ofSeals(seizureIds: string[]): Promise<Map<string, SealDispositionView>> {
    if (seizureIds.length === 0) return new Map();
    const rows: Row[] = await this.tx.manager.query(`SELECT * FROM ${COURT_SCHEMA}.seal_dispositions WHERE seizure_id = ANY($1::uuid[])`, [seizureIds]);
    return new Map(rows.map((r) => [r.seizure_id, toView(r)]));
  }

  /** 布控 by state over active seals, and the seals whose 布控 is not in force (failed or still unanswered). */
  async summary(limit: number): Promise<{ counts: Record<string, number>; notInForce: (SealDispositionView & { seizureId: string; plate: string; caseNumber: string })[] }> {
    const counts: { state: string; n: number }[] = await this.tx.manager.query(
      `SELECT d.state, count(*)::int AS n FROM ${COURT_SCHEMA}.seal_dispositions d JOIN ${COURT_SCHEMA}.seizures s ON s.id = d.seizure_id
        WHERE s.status = 'active' OR d.state <> 'revoked' GROUP BY d.state`,
    );
    const rows: (Row & { plate: string; case_number: string })[] = await this.tx.manager.query(
      `SELECT d.*, s.plate, s.case_number FROM ${COURT_SCHEMA}.seal_dispositions d JOIN ${COURT_SCHEMA}.seizures s ON s.id = d.seizure_id
        WHERE s.status = 'active' AND d.state IN ('failed', 'requested') ORDER BY d.changed_at LIMIT $1`,
      [limit],
    );
    return {
      counts: Object.fromEntries(counts.map((c) => [c.state, c.n])),
      notInForce: rows.map((r) => ({ ...toView(r), seizureId: r.seizure_id, plate: r.plate, caseNumber: r.case_number })),
    };
  }
}
