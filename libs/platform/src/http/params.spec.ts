import { ParseIntInRangePipe } from './params';

describe(ParseIntInRangePipe.name, () => {
  const sut = new ParseIntInRangePipe('limit', 1, 1000, 100);
  const message = (value: string) => {
    try {
      sut.transform(value);
      return null;
    } catch (error) {
      return (error as { message: string }).message;
    }
  };

  it('takes whole numbers within the range and gives the default when absent', () => {
    expect(sut.transform(undefined)).toBe(100);
    expect(sut.transform('1')).toBe(1);
    expect(sut.transform('1000')).toBe(1000);
  });

  it('refuses values out of range instead of clamping them, naming the parameter and the range', () => {
    for (const value of ['0', '1001', '-5', '99999999999999999999']) expect(message(value)).toBe('limit must be a whole number from 1 to 1000');
  });

  it('refuses what is not plain digits (no coercion)', () => {
    for (const value of ['1e3', '0x10', '21.7', ' 5', '', 'banana']) expect(message(value)).toBe('limit must be a whole number from 1 to 1000');
  });
});
