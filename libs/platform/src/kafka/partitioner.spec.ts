import { murmur2, partitionForKey } from './partitioner';

describe(murmur2.name, () => {
  // Apache Kafka's own reference vectors (clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java,
  // testMurmur2): the hash the Java client's default partitioner uses.
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('hashes %j as the Java client does', (input, expected) => {
    expect(murmur2(Buffer.from(input, 'latin1'))).toBe(expected);
  });
});

describe(partitionForKey.name, () => {
  it('takes the positive part of the hash modulo the partition count (Utils.toPositive)', () => {
    // toPositive(-790332482) = -790332482 & 0x7fffffff = 1357151166; 1357151166 % 50 = 16.
    expect(partitionForKey('foobar', 50)).toBe(16);
    expect(partitionForKey('abc', 12)).toBe(479470107 % 12);
  });

  it('refuses a partition count that is not a positive integer', () => {
    expect(() => partitionForKey('x', 0)).toThrow(RangeError);
    expect(() => partitionForKey('x', 1.5)).toThrow(RangeError);
  });
});
