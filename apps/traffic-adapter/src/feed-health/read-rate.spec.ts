import { ReadRate } from './read-rate';

describe(ReadRate.name, () => {
  const minute = (m: number, s = 0) => Date.parse('2026-03-02T02:00:00Z') + m * 60_000 + s * 1000;

  it('counts the reads of the current minute', () => {
    const sut = new ReadRate();
    for (let i = 0; i < 30; i++) sut.record(minute(0, i));
    expect(sut.perMinute(minute(0, 59))).toBe(30);
  });

  it('weights the previous minute by how much of it is still inside the sliding minute', () => {
    const sut = new ReadRate();
    sut.record(minute(0, 10), 60);
    sut.record(minute(1, 0), 10);
    // 15 s into minute 1: 75 % of minute 0 still counts.
    expect(sut.perMinute(minute(1, 15))).toBe(10 + 45);
  });

  it('drops to zero after two silent minutes', () => {
    const sut = new ReadRate();
    sut.record(minute(0), 100);
    expect(sut.perMinute(minute(2, 1))).toBe(0);
  });

  it('counts a late read into the current minute', () => {
    const sut = new ReadRate();
    sut.record(minute(1, 5));
    sut.record(minute(0, 50));
    expect(sut.perMinute(minute(1, 6))).toBe(2);
  });
});
