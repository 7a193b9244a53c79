import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { maskPlate, ReasonCode, reasonPart } from '@app/contracts';
import { Clock, Scheduler, Transactions } from '@app/platform';
import { CourtGatewayEnv } from '../config/court-gateway.env';
import { ExpiringSealView, SealExpiryWarningView } from './seizure.dto';
import { SeizureRepository } from './seizure.repository';
import { SealEndedHooks } from './seal-ended.hooks';
import { daysLeft, expiryWarningDueAt } from './seal-term';

/**
 * Enforces the end of a seal's term: lapsed seals become `expired` (the traffic side drops them
 * at their expiry on its own clock, no event needed), and the registering court is warned a
 * configurable number of days before. Run by node-cron; tests call the methods with a manual clock.
 */
@Injectable()
export class SealExpiryService implements OnModuleInit {
  private readonly log = new Logger(SealExpiryService.name);

  constructor(
    private readonly seizures: SeizureRepository,
    private readonly sealEnded: SealEndedHooks,
    private readonly tx: Transactions,
    private readonly clock: Clock,
    @Inject(CourtGatewayEnv) private readonly env: CourtGatewayEnv,
    private readonly scheduler: Scheduler,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({ name: 'seal-expiry', cron: this.env.SEAL_EXPIRY_CRON, run: () => this.runCycle() });
  }

  /** One run of the scheduled job. */
  async runCycle(): Promise<{ expired: number; warnings: SealExpiryWarningView[] }> {
    const expired = await this.expireLapsed();
    const warnings = await this.warnExpiring();
    return { expired: expired.length, warnings };
  }

  /** Marks every active seal whose term has run out as expired and cancels its open alert. */
  async expireLapsed(): Promise<{ seizureId: string; plate: string }[]> {
    const now = this.clock.now();
    const expired = await this.tx.run(async () => {
      const lapsed = await this.seizures.claimLapsed(now);
      for (const seizure of lapsed) {
        await this.seizures.markExpired(seizure.id, now);
        await this.sealEnded.ended(seizure.id, reasonPart(ReasonCode.SealExpired));
      }
      return lapsed;
    });
    for (const s of expired) this.log.warn(`seal expired: ${maskPlate(s.plate)} case ${s.caseNumber} (seizure ${s.id}) lapsed at ${s.expiresAt.toISOString()}`);
    return expired.map((s) => ({ seizureId: s.id, plate: s.plate }));
  }

  /**
   * Records a warning for every active seal that lapses within SEAL_EXPIRY_WARNING_DAYS and has
   * not been warned for its current term, logs it, and returns the warnings created now: the
   * hook the notification channels (SMS, the court's case system) will send from.
   */
  async warnExpiring(): Promise<SealExpiryWarningView[]> {
    const now = this.clock.now();
    const days = this.env.SEAL_EXPIRY_WARNING_DAYS;
    const created = await this.tx.run(async () => {
      const due = await this.seizures.unwarnedLapsingBy(now, new Date(now.getTime() + days * 24 * 3600_000));
      const warnings: SealExpiryWarningView[] = [];
      for (const seizure of due) {
        // Recorded once per term: two instances running the job at once still warn once.
        if (!(await this.seizures.recordExpiryWarning(seizure, now))) continue;
        warnings.push({
          seizureId: seizure.id,
          caseNumber: seizure.caseNumber,
          plate: seizure.plate,
          tribunal: seizure.tribunal,
          expiresAt: seizure.expiresAt.toISOString(),
          warnedAt: now.toISOString(),
          daysLeft: daysLeft(seizure.expiresAt, now),
        });
      }
      return warnings;
    });
    for (const w of created) {
      this.log.warn(`seal expiring: ${maskPlate(w.plate)} case ${w.caseNumber} (seizure ${w.seizureId}) lapses at ${w.expiresAt} in ${w.daysLeft} days; warned ${w.tribunal ?? 'the command center'} to renew (续封)`);
    }
    return created;
  }

  /** Active seals lapsing within `withinDays`, soonest first, with the warning already given for the current term. */
  async listExpiring(withinDays: number, limit: number, team: string | null = null): Promise<ExpiringSealView[]> {
    const now = this.clock.now();
    const rows = await this.seizures.expiring(now, new Date(now.getTime() + withinDays * 24 * 3600_000), limit, team);
    return rows.map((r) => ({
      seizureId: r.id,
      caseNumber: r.case_number,
      plate: r.plate,
      tribunal: r.tribunal,
      expiresAt: r.expires_at.toISOString(),
      daysLeft: daysLeft(r.expires_at, now),
      warningDueAt: expiryWarningDueAt(r.expires_at, this.env.SEAL_EXPIRY_WARNING_DAYS).toISOString(),
      warnedAt: r.warned_at?.toISOString() ?? null,
    }));
  }
}
