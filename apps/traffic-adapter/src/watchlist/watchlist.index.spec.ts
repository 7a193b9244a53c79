import { WatchlistIndex } from './watchlist.index';

describe(WatchlistIndex.name, () => {
  const at = new Date('2026-03-01T00:00:00Z');
  const seal = (seizureId: string, plate: string, expiresAt: string | null = '2027-01-01T00:00:00Z') => ({
    seizureId,
    plate,
    expiresAt: expiresAt ? new Date(expiresAt) : null,
  });

  it('matches an active seal by its exact normalized plate', () => {
    const sut = new WatchlistIndex();
    sut.replaceAll([seal('a', '桂PA2345'), seal('b', '桂PB6789')]);
    expect(sut.matchExact('桂PA2345', at).map((s) => s.seizureId)).toEqual(['a']);
    expect(sut.matchExact('桂PA2346', at)).toEqual([]);
  });

  it('keeps several seals (cases) on one plate and removes them one by one', () => {
    const sut = new WatchlistIndex();
    sut.add(seal('a', '桂PA2345'));
    sut.add(seal('b', '桂PA2345'));
    sut.add(seal('a', '桂PA2345'));
    expect(sut.size).toBe(2);
    sut.remove('a', '桂PA2345');
    expect(sut.matchExact('桂PA2345', at).map((s) => s.seizureId)).toEqual(['b']);
    sut.remove('b', '桂PA2345');
    expect(sut.size).toBe(0);
  });

  it('does not match a seal that has expired at the time of the read', () => {
    const sut = new WatchlistIndex();
    sut.add(seal('a', '桂PA2345', '2026-02-01T00:00:00Z'));
    expect(sut.matchExact('桂PA2345', at)).toEqual([]);
  });
});
