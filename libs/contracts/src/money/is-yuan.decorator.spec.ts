import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IsYuan, yuanProblem } from './is-yuan.decorator';

class Priced {
  @IsYuan()
  valueYuan: unknown;
}

const problemsOf = (valueYuan: unknown) => validateSync(plainToInstance(Priced, { valueYuan })).flatMap((e) => Object.values(e.constraints ?? {}));

describe('amounts in yuan', () => {
  it('takes whole yuan and fen, as JSON writes them', () => {
    for (const text of ['0', '1', '19.99', '0.01', '250000', '99999999.99', '1e3', '1.5E2']) expect(yuanProblem(JSON.parse(text))).toBeNull();
  });

  it('refuses more than two decimals however the number is written, without throwing', () => {
    // Exponent forms are what class-validator's maxDecimalPlaces crashed on.
    for (const text of ['1e-7', '5e-324', '0.001', '19.999', '12345678.123', '1.005']) {
      expect(yuanProblem(JSON.parse(text))).toBe('must have at most two decimals (whole fen)');
      expect(problemsOf(JSON.parse(text))).toEqual(['valueYuan must have at most two decimals (whole fen)']);
    }
  });

  it('refuses what is not a finite number', () => {
    for (const value of ['12', null, true, NaN, Infinity, [1], {}]) expect(problemsOf(value)).toEqual(['valueYuan must be a number']);
  });
});
