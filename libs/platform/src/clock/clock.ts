/**
 * The time source of the domain. SLA deadlines, escalations and expiry read time only through
 * this port so that tests can drive time instead of sleeping.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock the caller moves by hand; for tests and simulations. */
export class ManualClock extends Clock {
  private current: Date;

  constructor(start: Date | string = '2026-03-01T08:00:00.000Z') {
    super();
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  set(to: Date | string): void {
    this.current = new Date(to);
  }

  advance(ms: number): Date {
    this.current = new Date(this.current.getTime() + ms);
    return this.now();
  }
}
