import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/**
 * What is wrong with an amount of yuan, or null: a finite JSON number with at most two decimals
 * (fen). Decided on the number's value, not its text: class-validator's `maxDecimalPlaces` splits
 * `String(value)` at the dot and crashes on what JavaScript prints in exponent form (1e-7).
 */
export function yuanProblem(value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
  // The number JSON's 19.99 parses to is the one nearest 19.99, which toFixed(2) gives back exactly.
  if (Number(value.toFixed(2)) !== value) return 'must have at most two decimals (whole fen)';
  return null;
}

/** On an amount of money in yuan: a number with at most two decimals. Ranges stay with @Min / @Max. */
export function IsYuan(validation?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isYuan',
      target: target.constructor,
      propertyName: propertyName as string,
      options: validation,
      validator: {
        validate: (value: unknown) => yuanProblem(value) === null,
        defaultMessage: (args?: ValidationArguments) => `${args?.property} ${yuanProblem(args?.value)}`,
      },
    });
}
