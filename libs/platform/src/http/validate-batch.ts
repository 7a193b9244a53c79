import { BadRequestException } from '@nestjs/common';
import { describeValidationErrors } from '@app/contracts';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

/**
 * Validates a body that may be one object or an array of them (the intake endpoints take both).
 * Errors name the item's index; nothing is accepted when any item is bad, so a batch is never
 * half-written.
 */
export async function validateOneOrMany<T extends object>(
  cls: new () => T,
  body: unknown,
  maxItems: number,
  /** Rules beyond the class's (they need the clock or configuration): what is wrong with a valid item, or null. */
  check?: (item: T) => string | null,
): Promise<T[]> {
  const items = Array.isArray(body) ? body : [body];
  if (items.length === 0) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: ['body is an empty array'] });
  if (items.length > maxItems) {
    throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [`batch has ${items.length} items; at most ${maxItems} are accepted per request`] });
  }
  const messages: string[] = [];
  const instances: T[] = [];
  for (const [index, item] of items.entries()) {
    const prefix = Array.isArray(body) ? `[${index}]` : '';
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      messages.push(`${prefix || 'body'} must be a JSON object`);
      continue;
    }
    const instance = plainToInstance(cls, item);
    const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
    const problems = describeValidationErrors(errors, prefix);
    const extra = problems.length === 0 && check ? check(instance) : null;
    messages.push(...problems, ...(extra ? [prefix ? `${prefix}.${extra}` : extra] : []));
    instances.push(instance);
  }
  if (messages.length) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: messages });
  return instances;
}
