import { custodyFigures, daysKept, yuan } from './custody';

describe('custody of a seized car', () => {
  const seizedAt = new Date('2026-03-02T03:00:00Z');
  const at = (iso: string) => new Date(iso);

  it('charges every day begun, the day of seizure being day 1', () => {
    expect(daysKept(seizedAt, seizedAt)).toBe(1);
    expect(daysKept(seizedAt, at('2026-03-03T02:59:59Z'))).toBe(1);
    expect(daysKept(seizedAt, at('2026-03-03T03:00:01Z'))).toBe(2);
    expect(daysKept(seizedAt, at('2026-04-01T03:00:00Z'))).toBe(30);
  });

  it('warns once fees reach the share of the estimated value, never without a value', () => {
    // 20 yuan a day on a car worth 3000 yuan: 30% is 900 yuan, reached on day 45.
    const car = { seizedAt, dailyRateFen: 2000, estimatedValueFen: 300_000 };
    expect(custodyFigures(car, at('2026-04-15T02:00:00Z'), 0.3)).toEqual({ days: 44, feesFen: 88_000, feeWarning: false, feeShareOfValue: 88_000 / 300_000 });
    expect(custodyFigures(car, at('2026-04-15T04:00:00Z'), 0.3)).toMatchObject({ days: 45, feesFen: 90_000, feeWarning: true });
    expect(custodyFigures({ ...car, estimatedValueFen: null }, at('2027-01-01T00:00:00Z'), 0.3)).toMatchObject({ feeWarning: false, feeShareOfValue: null });
  });

  it('shows fen as yuan', () => {
    expect(yuan(88_050)).toBe('880.50');
  });
});
