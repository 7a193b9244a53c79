import { KeyPostings } from './key-postings';

describe(KeyPostings.name, () => {
  /** The first words of a key's entries, sorted; each entry's second word must be its first's complement (as `add` below writes them). */
  const listOf = (sut: KeyPostings, key: number) => {
    const record = sut.find(key);
    if (record < 0) return undefined;
    const values = sut.values(record);
    const start = sut.offset(record);
    const firsts: number[] = [];
    for (let e = 0; e < sut.length(record); e++) {
      const at = start + e * KeyPostings.WORDS;
      expect(values[at + 1]).toBe(~values[at]);
      firsts.push(values[at]);
    }
    return firsts.sort((a, b) => a - b);
  };
  const add = (sut: KeyPostings, key: number, value: number) => sut.add(key, value, ~value);

  it('keeps one entry in the record and spills longer lists to the arena, both words of each entry together', () => {
    const sut = new KeyPostings(4, 4);
    add(sut, 7, 1);
    expect(listOf(sut, 7)).toEqual([1]);
    add(sut, 7, 2);
    expect(listOf(sut, 7)).toEqual([1, 2]);
    add(sut, 7, 3);
    add(sut, 7, 4);
    add(sut, 7, 5);
    expect(listOf(sut, 7)).toEqual([1, 2, 3, 4, 5]);
    expect(listOf(sut, 8)).toBeUndefined();
  });

  it('rewrites the second word of an entry found by its first', () => {
    const sut = new KeyPostings();
    for (let v = 1; v <= 5; v++) add(sut, 3, v);
    expect(sut.setSecond(3, (first) => first === 4, 40)).toBe(true);
    expect(sut.setSecond(3, (first) => first === 9, 90)).toBe(false);
    const record = sut.find(3);
    const values = sut.values(record);
    const seconds = Array.from({ length: sut.length(record) }, (_, e) => values[sut.offset(record) + e * KeyPostings.WORDS + 1]);
    expect(seconds.sort((a, b) => a - b)).toEqual([-6, -4, -3, -2, 40]);
  });

  it('removes a value from a record and from a spilled list, and keeps an emptied key findable', () => {
    const sut = new KeyPostings();
    add(sut, 1, 10);
    add(sut, 1, 11);
    expect(sut.remove(1, (v) => v === 10)).toBe(true);
    expect(listOf(sut, 1)).toEqual([11]);
    expect(sut.remove(1, (v) => v === 11)).toBe(true);
    expect(listOf(sut, 1)).toEqual([]);
    expect(sut.remove(1, () => true)).toBe(false);
    for (let v = 0; v < 9; v++) add(sut, 2, v);
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
        add(sut, k, value);
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

  it('says every key it holds may be held, through growth and rehashing, and most keys it does not hold are not', () => {
    let seed = 9;
    const rng = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const mix = (x: number) => Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) ^ (Math.imul(x, 0x297a2d39) >>> 12);
    const sut = new KeyPostings(16, 16);
    const held = new Set<number>();
    for (let i = 0; i < 50_000; i++) {
      const key = mix(rng()) || 1;
      held.add(key);
      sut.add(key, i, 0);
    }
    expect([...held].filter((key) => !sut.mayHold(key))).toEqual([]);
    let falsePositives = 0;
    let absent = 0;
    for (let i = 0; i < 100_000; i++) {
      const key = mix(rng()) || 1;
      if (held.has(key)) continue;
      absent++;
      if (sut.mayHold(key)) falsePositives++;
      else if (sut.find(key) !== -1) throw new Error(`key ${key} said absent but held`);
    }
    // At least 8 bits per key: about one absent key in eight or fewer passes.
    expect(falsePositives / absent).toBeLessThan(0.15);
  });
});
