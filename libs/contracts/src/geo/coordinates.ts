import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/**
 * Latitude and longitude as JSON numbers in degrees. class-validator's IsLatitude/IsLongitude
 * also accept the text "21.7", which was then stored as text where a number belongs; types
 * are enforced here, never coerced.
 */
function coordinate(name: string, limit: number, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= limit,
        defaultMessage: (args?: ValidationArguments) => `${args?.property} must be a number of degrees from -${limit} to ${limit} (a JSON number, not text)`,
      },
    });
}

export function IsLatitudeDegrees(options?: ValidationOptions): PropertyDecorator {
  return coordinate('isLatitudeDegrees', 90, options);
}

export function IsLongitudeDegrees(options?: ValidationOptions): PropertyDecorator {
  return coordinate('isLongitudeDegrees', 180, options);
}
