import { SingleFlight, withDeadline } from './leased-delivery';

describe('SingleFlight', () => {
  it('runs one pass at a time: kicks during a pass ask for exactly one more', async () => {
    let running = 0;
    let most = 0;
    let passes = 0;
    const gates: (() => void)[] = [];
    const flight = new SingleFlight(async () => {
      running++;
      most = Math.max(most, running);
      passes++;
      await new Promise<void>((resolve) => gates.push(resolve));
      running--;
    }, () => undefined);
    flight.kick();
    flight.kick();
    flight.kick();
    expect(passes).toBe(1);
    gates.shift()!();
    await new Promise((r) => setImmediate(r));
    expect(passes).toBe(2);
    gates.shift()!();
    await flight.idle();
    expect({ passes, most }).toEqual({ passes: 2, most: 1 });
  });

  it('reports a failed pass and keeps going on the next kick', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const flight = new SingleFlight(async () => {
      calls++;
      if (calls === 1) throw new Error('pool timeout');
    }, (error) => errors.push(error));
    flight.kick();
    await flight.idle();
    flight.kick();
    await flight.idle();
    expect({ calls, errors: errors.map((e) => (e as Error).message) }).toEqual({ calls: 2, errors: ['pool timeout'] });
  });
});

describe('withDeadline', () => {
  it('passes a settled promise through and rejects one that never settles once the deadline passes', async () => {
    jest.useFakeTimers();
    try {
      await expect(withDeadline(Promise.resolve(7), 1000)).resolves.toBe(7);
      const never = withDeadline(new Promise(() => undefined), 30_000);
      jest.advanceTimersByTime(30_000);
      await expect(never).rejects.toThrow('no answer within 30 s');
    } finally {
      jest.useRealTimers();
    }
  });
});
