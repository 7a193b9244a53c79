import { Transform } from 'class-transformer';
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { normalizePlate, PlateColor, plateColorProblem, plateProblem, plateReadProblem } from './plate';

function plateRule(name: string, problem: (value: string) => string | null, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    Transform(({ value }) => (typeof value === 'string' ? normalizePlate(value) : value))(target, propertyName);
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && problem(value) === null,
        defaultMessage: (args?: ValidationArguments) =>
          typeof args?.value === 'string' ? `${args.property} ${problem(args.value)}` : `${args?.property} must be a string`,
      },
    });
  };
}

/**
 * Normalizes a plate property on transformation and validates it as a Chinese plate, with a
 * message that says what is wrong.
 */
export function IsChinesePlate(options?: ValidationOptions): PropertyDecorator {
  return plateRule('isChinesePlate', plateProblem, options);
}

/**
 * Normalizes a camera's read of a plate and accepts anything a camera could have read off a
 * plate, misreads included (see {@link plateReadProblem}); rejects the rest saying why.
 */
export function IsPlateRead(options?: ValidationOptions): PropertyDecorator {
  return plateRule('isPlateRead', plateReadProblem, options);
}

/**
 * On a plate colour property: the colour must fit the plate held in `plateProperty` where the
 * plate settles it (green ⇔ new-energy, 警 white, …). Runs only once the plate itself is valid,
 * so a bad plate gets one message, not two.
 */
export function FitsPlate(plateProperty: string, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    const problemOf = (args: ValidationArguments) => {
      const plate = (args.object as Record<string, unknown>)[plateProperty];
      if (typeof plate !== 'string' || plateProblem(plate) !== null) return null;
      if (!Object.values(PlateColor).includes(args.value as PlateColor)) return null;
      return plateColorProblem(plate, args.value as PlateColor);
    };
    registerDecorator({
      name: 'fitsPlate',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [plateProperty],
      options,
      validator: {
        validate: (_value: unknown, args?: ValidationArguments) => !args || problemOf(args) === null,
        defaultMessage: (args?: ValidationArguments) => (args ? `${args.property} ${problemOf(args)}` : 'plate colour does not fit the plate'),
      },
    });
  };
}
