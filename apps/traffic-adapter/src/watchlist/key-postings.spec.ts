import { KeyPostings } from './key-postings';

describe(KeyPostings.name, () => {
  const listOf = (sut: KeyPostings, key: number) => {
    const record = sut.find(key);
    if (record < 0) return undefined;
    const values = sut.values(record);
    const start = sut.offset(record);
    return Array.from(values.subarray(start, start + sut.length(record))).sort((a, b) => a - b);
  };

  it('keeps one or two values in the record and spills longer lists to the arena', () => {
    const sut = new KeyPostings(4, 4);
    sut.add(7, 1);
    sut.add(7, 2);
    expect(listOf(sut, 7)).toEqual([1, 2]);
    sut.add(7, 3);
    sut.add(7, 4);
    sut.add(7, 5);
    expect(listOf(sut, 7)).toEqual([1, 2, 3, 4, 5]);
    expect(listOf(sut, 8)).toBeUndefined();
  });

  it('removes a value from a record and from a spilled list, and keeps an emptied key findable', () => {
    const sut = new KeyPostings();
    sut.add(1, 10);
    sut.add(1, 11);
    expect(sut.remove(1, (v) => v === 10)).toBe(true);
    expect(listOf(sut, 1)).toEqual([11]);
    expect(sut.remove(1, (v) => v === 11)).toBe(true);
    expect(listOf(sut, 1)).toEqual([]);
    expect(sut.remove(1, () => true)).toBe(false);
    for (let v = 0; v < 9; v++) sut.add(2, v);
    expect(sut.remove(2, (v) => v === 4)).toBe(true);
    expect(listOf(sut, 2)).toEqual([0, 1, 2, 3, 5, 6, 7, 8]);
  });

  it('agrees with a plain map through growth, rehashing, compaction and removals', () => {
    let seed = 42;
    const rng = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    const sut = new KeyPostings(16, 16);
    const model = new Map<number, number[]>();
    for (let step = 0; step < 20_000; step++) {
      // Few keys hold many values, many hold one or two: as masked plate keys do.
      const key = (rng() < 0.2 ? Math.floor(rng() * 30) : Math.floor(rng() * 20_000)) * 2654435761;
      const k = key | 0;
      if (rng() < 0.7) {
        const value = step + 1;
        sut.add(k, value);
        model.set(k, [...(model.get(k) ?? []), value]);
      } else {
        const values = model.get(k) ?? [];
        const victim = values.length ? values[Math.floor(rng() * values.length)] : -1;
        expect(sut.remove(k, (v) => v === victim)).toBe(victim >= 0);
        if (victim >= 0) model.set(k, values.filter((v) => v !== victim));
      }
      if (step === 10_000) sut.trim();
    }
    for (const [key, values] of model) expect(listOf(sut, key)).toEqual([...values].sort((a, b) => a - b));
    expect(sut.bytes).toBeGreaterThan(0);
  });
});
