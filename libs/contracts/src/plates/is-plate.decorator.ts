import { Transform } from 'class-transformer';
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { normalizePlate, plateProblem } from './plate';

/**
 * Normalizes a plate property on transformation and validates it as a Chinese plate, with a
 * message that says what is wrong.
 */
export function IsChinesePlate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    Transform(({ value }) => (typeof value === 'string' ? normalizePlate(value) : value))(target, propertyName);
    registerDecorator({
      name: 'isChinesePlate',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && plateProblem(value) === null,
        defaultMessage: (args?: ValidationArguments) =>
          typeof args?.value === 'string'
            ? `${args.property} ${plateProblem(args.value)}`
            : `${args?.property} must be a string`,
      },
    });
  };
}
