import { Injectable } from '@nestjs/common';
import { Transactions } from '@app/platform';
import { HandoffNote } from './handoff-note.entity';

/** Shift handoff notes (court.handoff_notes): all the SQL over them. */
@Injectable()
export class HandoffNoteRepository {
  constructor(private readonly tx: Transactions) {}

  private get notes() {
    return this.tx.manager.getRepository(HandoffNote);
  }

  async insert(note: HandoffNote): Promise<void> {
    await this.notes.insert(note);
  }

  /** An alert's notes, newest first (of two in the same millisecond, the one written last). */
  forAlert(alertId: string): Promise<HandoffNote[]> {
    return this.notes.find({ where: { alertId }, order: { createdAt: 'DESC', seq: 'DESC' } });
  }

  /** The newest note of each open alert (of one team, when given), newest first: what the next shift reads first. */
  latestForOpenAlerts(teamId: string | null): Promise<HandoffNote[]> {
    return this.tx.manager.query(
      `SELECT * FROM (
         SELECT DISTINCT ON (n.alert_id) n.id, n.alert_id AS "alertId", n.note, n.written_by AS "writtenBy",
                n.author_officer_id AS "authorOfficerId", n.created_at AS "createdAt", n.seq
           FROM court.handoff_notes n JOIN court.alerts a ON a.id = n.alert_id AND a.closed_at IS NULL
          WHERE $1::text IS NULL OR a.team_id = $1
          ORDER BY n.alert_id, n.created_at DESC, n.seq DESC) latest
        ORDER BY "createdAt" DESC, seq DESC`,
      [teamId],
    );
  }
}
