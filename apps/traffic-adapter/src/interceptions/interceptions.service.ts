import { Inject, Injectable, Logger } from '@nestjs/common';
import { createEnvelope, EventEnvelope, EventType, InterceptionRequestedPayload, InterceptionResult, maskPlate, DomainError, ErrorCode, MAX_CLOCK_SKEW_MS, RequestProblems, timeWindowFieldProblem } from '@app/contracts';
import { Clock, deliverLeased, EventInbox, EventOutbox, LeasedDeliveryOptions, postWebhook, signatureHeaders, SingleFlight, Transactions } from '@app/platform';
import { TRAFFIC_PRODUCER, TrafficAdapterEnv } from '../config/traffic-adapter.env';
import { InterceptionOutcomeDto, InterceptionStatusView } from './interception.dto';
import { DeliveryStatus, InterceptionDelivery } from './interception.entity';
import { InterceptionRepository } from './interception.repository';

const REQUESTS_CONSUMER = 'interception-requests';
const MAX_BACKOFF_SECONDS = 600;
/** postWebhook gives up after 10 s; the deadline is for what its timeout does not cover. The lease outlasts a pass of 20, 4 at a time. */
const DELIVERY: LeasedDeliveryOptions = { sendDeadlineMs: 30_000, sendsAtOnce: 4, leaseMs: 180_000 };

/**
 * Carries the court's interception requests to the traffic system over a signed webhook and
 * its answers back on traffic.intercepts.v1. A request is stored before it is sent, so a crash
 * between receiving and delivering loses nothing; failed sends are retried with backoff.
 */
@Injectable()
export class InterceptionsService {
  private readonly log = new Logger(InterceptionsService.name);
  private readonly kicked = new SingleFlight(
    () => this.deliverDue(this.clock.now()),
    (error) => this.log.warn(`interception delivery failed: ${error}`),
  );

  constructor(
    private readonly deliveries: InterceptionRepository,
    private readonly tx: Transactions,
    private readonly inbox: EventInbox,
    @Inject(TrafficAdapterEnv) private readonly env: TrafficAdapterEnv,
    private readonly outbox: EventOutbox,
    private readonly clock: Clock,
  ) {}

  async accept(event: EventEnvelope<InterceptionRequestedPayload>): Promise<void> {
    const request = event.payload;
    const stored = await this.tx.run(async () => {
      if (!(await this.inbox.claim(REQUESTS_CONSUMER, event.eventId))) return false;
      const now = this.clock.now();
      await this.deliveries.insert({
        interceptionId: request.interceptionId, alertId: request.alertId, request, receivedAt: now,
        status: DeliveryStatus.Pending, attempts: 0, nextAttemptAt: now,
      });
      return true;
    });
    if (stored) {
      this.log.log(`interception ${request.interceptionId} requested for ${maskPlate(request.plate)}`);
      this.kick();
    }
  }

  /** Sends what is due now; one pass at a time (a kick during a pass asks for one more). */
  kick(): void {
    this.kicked.kick();
  }

  /**
   * Sends due requests, holding no database connection while the traffic system is slow to
   * answer (deliverLeased): rows are claimed FOR UPDATE SKIP LOCKED and leased, so instances
   * never send one at the same time; one whose sender died is sent again when its lease ends
   * (the Idempotency-Key header lets the traffic system see the repeat).
   */
  async deliverDue(now: Date, batch = 20): Promise<number> {
    if (!this.env.TRAFFIC_WEBHOOK_URL) return 0;
    return deliverLeased(this.tx, this.log, now, DELIVERY, {
      claim: (leaseUntil) => this.deliveries.claimDue(now, batch, leaseUntil),
      send: (d) => this.send(d, now),
      record: (d, error) => this.record(d, error, now),
      describe: (d) => `interception ${d.interceptionId}`,
    });
  }

  private async record(d: InterceptionDelivery, error: Error | null, now: Date): Promise<boolean> {
    if (!error) {
      d.status = DeliveryStatus.Delivered;
      d.deliveredAt = now;
      d.nextAttemptAt = null;
      d.lastError = null;
      return this.deliveries.recordAttempt(d);
    }
    d.lastError = String(error.message ?? error).slice(0, 500);
    if (d.attempts >= this.env.INTERCEPT_MAX_ATTEMPTS) {
      d.status = DeliveryStatus.Failed;
      d.nextAttemptAt = null;
      const recorded = await this.deliveries.recordAttempt(d);
      if (recorded) this.log.error(`interception ${d.interceptionId} could not be delivered after ${d.attempts} attempts: ${d.lastError}`);
      return recorded;
    }
    d.nextAttemptAt = new Date(now.getTime() + Math.min(this.env.INTERCEPT_BACKOFF_SECONDS * 2 ** (d.attempts - 1), MAX_BACKOFF_SECONDS) * 1000);
    return this.deliveries.recordAttempt(d);
  }

  /** The traffic system's answer, published on traffic.intercepts.v1. Repeating the same answer is harmless. */
  async recordOutcome(interceptionId: string, dto: InterceptionOutcomeDto): Promise<InterceptionStatusView> {
    const result = await this.tx.run(async () => {
      const d = await this.deliveries.lockById(interceptionId);
      if (!d) throw new DomainError(ErrorCode.InterceptionNotFound, { params: { id: interceptionId } });
      const now = this.clock.now();
      // An outcome happens after the request it answers and not ahead of our clock: "year 0" or "9999" is a broken clock, refused even when the result repeats one already taken.
      const late = dto.reportedAt ? timeWindowFieldProblem('reportedAt', new Date(dto.reportedAt), now, { maxAgeMs: now.getTime() - d.receivedAt.getTime() + MAX_CLOCK_SKEW_MS, ageLimit: `the interception request (received ${d.receivedAt.toISOString()})` }) : null;
      if (late) throw new RequestProblems([late]);
      if (d.result) {
        if (d.result === dto.result) return { d, published: false };
        throw new DomainError(ErrorCode.InterceptionAlreadyReported, { params: { id: interceptionId, result: d.result } });
      }
      d.result = dto.result;
      d.reportedAt = dto.reportedAt ? new Date(dto.reportedAt) : now;
      await this.deliveries.save(d);
      const event = createEnvelope(
        EventType.InterceptionOutcome,
        {
          interceptionId, alertId: d.alertId, result: dto.result, reportedAt: d.reportedAt.toISOString(), reportedBy: dto.reportedBy, note: dto.note, location: dto.location,
        },
        { producer: TRAFFIC_PRODUCER, occurredAt: now, correlationId: d.alertId },
      );
      await this.outbox.append(event);
      return { d, published: true };
    });
    const d = result.d;
    return { interceptionId: d.interceptionId, alertId: d.alertId, status: d.status, attempts: d.attempts, result: d.result as InterceptionResult | null };
  }

  private async send(d: InterceptionDelivery, now: Date): Promise<void> {
    const body = JSON.stringify({ type: 'InterceptionRequested', ...d.request, outcomeUrl: `/api/v1/interceptions/${d.interceptionId}/outcome` });
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Idempotency-Key': d.interceptionId };
    if (this.env.TRAFFIC_WEBHOOK_SECRET) Object.assign(headers, signatureHeaders(this.env.TRAFFIC_WEBHOOK_SECRET, body, now));
    const response = await postWebhook(this.env.TRAFFIC_WEBHOOK_URL!, headers, body);
    if (!response.ok) throw new Error(`traffic system answered ${response.status}`);
  }
}
