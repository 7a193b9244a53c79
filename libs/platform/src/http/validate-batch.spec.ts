import { IsNotEmpty, IsString } from 'class-validator';
import { Problem, RequestProblems } from '@app/contracts';
import { validateEach, validateOneOrMany } from './validate-batch';

class Read {
  @IsString()
  @IsNotEmpty()
  plate: string;
}

const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 1]));

/** What a validation throws, as the filter would see it. */
async function refusal(run: () => Promise<unknown>): Promise<RequestProblems> {
  try {
    await run();
  } catch (error) {
    if (error instanceof RequestProblems) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe(validateEach.name, () => {
  it('refuses one object of 357,000 keys as too wide, not with a RangeError from spreading its problems (it was a 500 after minutes)', async () => {
    const refused = await refusal(() => validateEach(Read, { plate: '桂PA2345', ...keys(357_000) }, 1000));
    expect(refused.problems).toEqual([expect.objectContaining({ code: Problem.TooManyFields, field: '' })]);
    const wideItem = await refusal(() => validateEach(Read, [{ plate: '桂PA2345', ...keys(101) }], 1000));
    expect(wideItem.problems).toEqual([expect.objectContaining({ code: Problem.ObjectTooWide, field: '[0]', message: '[0] holds more than 100 fields' })]);
  });

  it('refuses a too wide item alone, its neighbours kept, and lists at most 20 problems of an item and how many more', async () => {
    const { accepted, refused } = await validateEach(Read, [{ plate: '桂PA2345' }, { plate: '桂PA2346', ...keys(101) }, { plate: '桂PA2347', ...keys(60) }], 1000);
    expect(accepted.map((a) => a.index)).toEqual([0]);
    expect(refused[0]).toMatchObject({ index: 1, errors: ['item holds more than 100 fields'], problems: [{ code: Problem.ObjectTooWide, field: '' }] });
    expect(refused[1].index).toBe(2);
    expect(refused[1].errors).toHaveLength(21);
    expect(refused[1].errors[0]).toBe('property k0 should not exist');
    expect(refused[1].errors[20]).toBe('… and 40 more problems');
    expect(refused[1].problems[20]).toEqual({ field: '', code: Problem.MoreProblems, message: '… and 40 more problems', params: { field: '', count: 40 } });
  });

  it('collects every problem of a batch none of whose items is valid (the answer lists 20 of them)', async () => {
    const refused = await refusal(() => validateEach(Read, Array.from({ length: 1000 }, () => ({ plate: 'x', ...keys(99) })), 1000));
    expect(refused.problems).toHaveLength(99_000);
    expect(refused.message.split('; ')).toHaveLength(21);
  });
});

describe(validateOneOrMany.name, () => {
  it('collects problems one by one: many items of many problems are no RangeError', async () => {
    const refused = await refusal(() => validateOneOrMany(Read, Array.from({ length: 1000 }, () => ({ ...keys(99) })), 1000));
    expect(refused.problems.length).toBe(1000 * 100);
    expect(refused.message.split('; ')).toHaveLength(21);
  });
});
