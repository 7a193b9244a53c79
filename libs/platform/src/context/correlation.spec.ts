import { correlationIdFrom, currentCorrelationId, runWithCorrelationId } from './correlation';

describe('correlation context', () => {
  it('is visible to everything awaited inside the flow and gone outside it', async () => {
    expect(currentCorrelationId()).toBeUndefined();
    const seen = await runWithCorrelationId('sighting-1', async () => {
      await new Promise((r) => setTimeout(r, 1));
      return currentCorrelationId();
    });
    expect(seen).toBe('sighting-1');
    expect(currentCorrelationId()).toBeUndefined();
  });

  it('keeps concurrent flows apart', async () => {
    const ids = await Promise.all(
      ['a', 'b', 'c'].map((id) =>
        runWithCorrelationId(id, async () => {
          await new Promise((r) => setTimeout(r, Math.random() * 5));
          return currentCorrelationId();
        }),
      ),
    );
    expect(ids).toEqual(['a', 'b', 'c']);
  });

  it('takes a caller\'s header only when it is a plain token', () => {
    const sut = correlationIdFrom;
    expect(sut('req-42:abc')).toBe('req-42:abc');
    expect(sut(['first', 'second'])).toBe('first');
    expect(sut('has space')).toMatch(/^[0-9a-f-]{36}$/);
    expect(sut('x'.repeat(101))).toMatch(/^[0-9a-f-]{36}$/);
    expect(sut(undefined)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
