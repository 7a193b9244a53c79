import { caseNumberProblem } from './case-number';

describe(caseNumberProblem.name, () => {
  it.each(['(2025)桂0603执1234号', '（2024）桂06执恢12号', '(2023)最高法执监1号', '(2025)桂0603执1234号之一', '(2025)桂0603执保7号'])('accepts %s', (value) => {
    expect(caseNumberProblem(value)).toBeNull();
  });

  it.each([
    ["'; DROP TABLE court.seizures; --"],
    ['<script>alert(1)</script>'],
    ['(2025)桂0603执号'],
    ['2025桂0603执1234号'],
    ['(25)桂0603执1234号'],
    ['(2025)桂0603执1234'],
  ])('rejects %s, saying what a case number looks like', (value) => {
    expect(caseNumberProblem(value)).toBe('caseNumber must be a court case number such as (2025)桂0603执1234号');
  });
});
