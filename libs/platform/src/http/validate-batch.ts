import { FieldProblem, listedProblems, nullProblems, Problem, problem, refuseRequest, RequestProblems, validationProblems } from '@app/contracts';
import { bodyShapeProblem } from './body-shape';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

/**
 * Rules beyond the class's (they need the clock or configuration): what is wrong with a valid
 * item (a sentence starting with the field's name, or the problem with its field and code), or null.
 */
export type ItemCheck<T> = (item: T) => string | FieldProblem | null;

function itemsOf(body: unknown, maxItems: number): unknown[] {
  const items = Array.isArray(body) ? body : [body];
  if (items.length === 0) throw refuseRequest(Problem.BatchEmpty, '', 'body is an empty array');
  if (items.length > maxItems) {
    throw refuseRequest(Problem.BatchTooMany, '', `batch has ${items.length} items; at most ${maxItems} are accepted per request`, { count: items.length, max: maxItems });
  }
  return items;
}

/** One item validated: the instance (null when it is not even an object) and what is wrong with it, each field prefixed. */
async function validateItem<T extends object>(cls: new () => T, item: unknown, prefix: string, check?: ItemCheck<T>): Promise<{ instance: T | null; problems: FieldProblem[] }> {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return { instance: null, problems: [problem(Problem.ItemNotObject, prefix, `${prefix || 'body'} must be a JSON object`)] };
  }
  // Text no field may hold (NUL, control characters): refused for this item alone, its neighbours kept.
  // An item wider than any read (MAX_BODY_OBJECT_KEYS in one object) is refused here, before class-transformer and class-validator see its keys.
  const shape = bodyShapeProblem(item);
  if (shape) {
    const found = prefixed(shape, prefix);
    // Sentences that name the place inside them are said again with the item's index.
    const message =
      shape.code === Problem.KeyNotAllowed ? `property ${found.field} is not allowed`
      : shape.code === Problem.ObjectTooWide || shape.code === Problem.TooManyFields ? `${found.field || 'body'} holds more than ${shape.params.max} fields`
      : found.message;
    return { instance: null, problems: [{ ...found, message }] };
  }
  const instance = plainToInstance(cls, item);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  const problems = [...nullProblems(cls, item).map((p) => prefixed(p, prefix)), ...validationProblems(errors, prefix)];
  const extra = problems.length === 0 && check ? check(instance) : null;
  if (extra) problems.push(typeof extra === 'string' ? checkProblem(extra, prefix) : prefixed(extra, prefix));
  return { instance, problems };
}

/** An item check's sentence as a problem: the field is the sentence's first word. */
function checkProblem(sentence: string, prefix: string): FieldProblem {
  const field = /^[\w.]+/.exec(sentence)?.[0] ?? '';
  return prefixed(problem('validation.invalid', field, sentence), prefix);
}

function prefixed(found: FieldProblem, prefix: string): FieldProblem {
  if (!prefix) return found;
  const field = found.field ? `${prefix}.${found.field}` : prefix;
  return { ...found, field, message: `${prefix}.${found.message}`, params: { ...found.params, field } };
}

/**
 * Validates a body that may be one object or an array of them (the intake endpoints take both).
 * Errors name the item's index; nothing is accepted when any item is bad, so a batch is never
 * half-written.
 */
export async function validateOneOrMany<T extends object>(cls: new () => T, body: unknown, maxItems: number, check?: ItemCheck<T>): Promise<T[]> {
  const problems: FieldProblem[] = [];
  const instances: T[] = [];
  for (const [index, item] of itemsOf(body, maxItems).entries()) {
    const checked = await validateItem(cls, item, Array.isArray(body) ? `[${index}]` : '', check);
    // One by one: `push(...many)` passes each as an argument, and a few hundred thousand overflow the stack (a RangeError, answered 500).
    for (const found of checked.problems) problems.push(found);
    if (checked.instance) instances.push(checked.instance);
  }
  if (problems.length) throw new RequestProblems(problems);
  return instances;
}

/** One refused item of a batch validated item by item. */
export interface ItemRefusal {
  index: number;
  /** What is wrong, one sentence per field, naming it (without the index prefix); at most MAX_LISTED_PROBLEMS, then `… and N more problems`. */
  errors: string[];
  /** The same problems with their field (without the index prefix), code and values, for clients and pages to act on. */
  problems: FieldProblem[];
}

/**
 * Validates a batch item by item, for feeds that must not lose good items to a bad neighbour
 * (camera reads: a feed that does not split and resend would lose them all). Returns the valid
 * items with their positions and the refused ones with reasons. A body that is not a batch at
 * all (empty, too long) and a batch none of whose items is valid are a 400, as is a single
 * object that is invalid.
 */
export async function validateEach<T extends object>(
  cls: new () => T,
  body: unknown,
  maxItems: number,
  check?: ItemCheck<T>,
): Promise<{ accepted: { index: number; item: T }[]; refused: ItemRefusal[] }> {
  const accepted: { index: number; item: T }[] = [];
  const refused: ItemRefusal[] = [];
  const problems: FieldProblem[] = [];
  for (const [index, item] of itemsOf(body, maxItems).entries()) {
    const prefix = Array.isArray(body) ? `[${index}]` : '';
    const checked = await validateItem(cls, item, prefix, check);
    if (checked.problems.length || !checked.instance) {
      for (const found of checked.problems) problems.push(found);
      // Each refusal lists at most MAX_LISTED_PROBLEMS of its item's problems, then `… and N more problems`.
      const listed = listedProblems(checked.problems.map((p) => unprefixedProblem(p, prefix)));
      refused.push({ index, errors: listed.map((p) => p.message), problems: listed });
    } else accepted.push({ index, item: checked.instance });
  }
  if (accepted.length === 0) throw new RequestProblems(problems);
  return { accepted, refused };
}

/** A message without its item's index, which the refusal carries apart ("[3].plate …" → "plate …", "[3] must …" → "item must …"). */
function unprefixed(message: string, prefix: string): string {
  if (!prefix) return message;
  if (message.startsWith(`${prefix}.`)) return message.slice(prefix.length + 1);
  if (message.startsWith(`${prefix} `)) return `item${message.slice(prefix.length)}`;
  return message.replace(`${prefix}.`, '');
}

function unprefixedProblem(found: FieldProblem, prefix: string): FieldProblem {
  if (!prefix) return found;
  const field = found.field === prefix ? '' : found.field.startsWith(`${prefix}.`) ? found.field.slice(prefix.length + 1) : found.field;
  return { ...found, field, message: unprefixed(found.message, prefix), params: { ...found.params, field } };
}
