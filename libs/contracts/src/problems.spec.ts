import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { IsArray, IsInt, IsNotEmpty, IsString, Matches, MaxLength, Min, ValidateNested, validateSync } from 'class-validator';
import { listedProblems, MAX_LISTED_PROBLEMS, Problem, validationProblems } from './problems';

class Item {
  @IsInt()
  @Min(1)
  count: number;
}

class Body {
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName: string;

  @Matches(/^[a-z]+$/)
  @MaxLength(5)
  username: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => Item)
  items: Item[];
}

const problemsOf = (plain: object) =>
  validationProblems(validateSync(plainToInstance(Body, plain), { whitelist: true, forbidNonWhitelisted: true, validationError: { target: true, value: false } }));

describe(validationProblems.name, () => {
  it('names a missing field once, as missing, not also as too long and not a string', () => {
    expect(problemsOf({ username: 'chen', items: [] })).toEqual([
      { field: 'displayName', code: 'validation.required', message: 'displayName should not be empty', params: { field: 'displayName' } },
    ]);
  });

  it('names a field of the wrong type once by its type, and an unknown field as unknown', () => {
    expect(problemsOf({ displayName: 42, username: 'chen', items: [], extra: 1 }).map((p) => [p.field, p.code])).toEqual([
      ['extra', 'validation.unknown_field'],
      ['displayName', 'validation.not_string'],
    ]);
  });

  it('keeps one problem per wrong field, nested ones by their path; a wrong size before a wrong format', () => {
    expect(problemsOf({ displayName: '陈法警', username: 'Chen-Long', items: [{ count: 0 }, { count: 'x' }] }).map((p) => [p.field, p.code, p.message])).toEqual([
      ['username', 'validation.too_long', 'username must be shorter than or equal to 5 characters'],
      ['items.0.count', 'validation.too_small', 'items.0.count must not be less than 1'],
      ['items.1.count', 'validation.not_integer', 'items.1.count must be an integer number'],
    ]);
  });
});

describe(listedProblems.name, () => {
  const problems = (n: number) => Array.from({ length: n }, (_, i) => ({ field: `k${i}`, code: 'validation.unknown_field', message: `property k${i} should not exist`, params: { field: `k${i}` } }));

  it('lists up to MAX_LISTED_PROBLEMS as they are', () => {
    expect(MAX_LISTED_PROBLEMS).toBe(20);
    expect(listedProblems([])).toEqual([]);
    expect(listedProblems(problems(20))).toEqual(problems(20));
  });

  it('lists the first ones of more and a last entry with how many more, coded for the dictionaries', () => {
    const listed = listedProblems(problems(357_000));
    expect(listed).toHaveLength(21);
    expect(listed.slice(0, 20)).toEqual(problems(20));
    expect(listed[20]).toEqual({ field: '', code: Problem.MoreProblems, message: '… and 356980 more problems', params: { field: '', count: 356_980 } });
    expect(listedProblems(problems(21))[20].message).toBe('… and 1 more problem');
    expect(listedProblems(problems(5), 2)).toHaveLength(3);
  });
});
