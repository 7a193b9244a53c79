import { DomainError, ErrorCode } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { Clock, confinedTeam, Principal, Transactions } from '@app/platform';
import { randomUUID } from 'node:crypto';
import { AlertEventsBus } from '../alerts/alert-events.bus';
import { AlertQueriesService } from '../alerts/alert-queries.service';
import { AlertRepository } from '../alerts/alert.repository';
import { assertMayAct } from '../alerts/domain/alert-permissions';
import { RosterService } from '../roster/roster.service';
import { HandoffNote } from './handoff-note.entity';
import { HandoffNoteRepository } from './handoff-note.repository';
import { HandoffNoteView, WriteHandoffDto } from './handoff.dto';

function view(n: HandoffNote): HandoffNoteView {
  return { id: n.id, alertId: n.alertId, note: n.note, writtenBy: n.writtenBy, authorOfficerId: n.authorOfficerId, createdAt: new Date(n.createdAt).toISOString() };
}

/**
 * Shift handoff: an open alert that outlives its officer's shift carries a note, written by the
 * officer (or a dispatcher), and the next officer on duty reads it first (phone and desk).
 */
@Injectable()
export class HandoffsService {
  constructor(
    private readonly notes: HandoffNoteRepository,
    private readonly alerts: AlertRepository,
    private readonly queries: AlertQueriesService,
    private readonly roster: RosterService,
    private readonly bus: AlertEventsBus,
    private readonly tx: Transactions,
    private readonly clock: Clock,
  ) {}

  /** Whoever may act on the alert writes; only while it is open. */
  async write(alertId: string, dto: WriteHandoffDto, by: Principal): Promise<HandoffNoteView> {
    const text = dto.note.trim();
    if (!text) throw new DomainError(ErrorCode.HandoffNoteBlank, { field: 'note' });
    return this.tx.run(async () => {
      const alert = await this.alerts.lockById(alertId);
      if (!alert) throw new DomainError(ErrorCode.AlertNotFound, { params: { id: alertId } });
      assertMayAct(alert, await this.queries.callerOf(by));
      if (alert.closedAt) throw new DomainError(ErrorCode.HandoffAlertClosed, { params: { id: alertId, state: alert.state } });
      const officer = by.officerId ? await this.roster.officerById(by.officerId) : null;
      const note: HandoffNote = {
        id: randomUUID(), alertId, note: text, writtenBy: officer ? `${officer.name} (${officer.badge})` : `user:${by.name}`,
        authorOfficerId: officer?.id ?? null, createdAt: this.clock.now(),
      };
      await this.notes.insert(note);
      // The alert's live stream carries the news: a phone or desk already open (the next shift's,
      // signed in before the note was written) asks for its notes again, on every instance.
      await this.bus.announce([alertId]);
      return view(note);
    });
  }

  /** An alert's notes, newest first, for whoever may see the alert. */
  async forAlert(alertId: string, by: Principal): Promise<HandoffNoteView[]> {
    await this.queries.get(alertId, await this.queries.callerOf(by));
    return (await this.notes.forAlert(alertId)).map(view);
  }

  /** The newest note of each open alert the caller sees (their team's, for officers and team leads). */
  async open(by: Principal): Promise<HandoffNoteView[]> {
    const team = confinedTeam(by);
    return (await this.notes.latestForOpenAlerts(team)).map(view);
  }
}
