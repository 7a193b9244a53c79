import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { displayTextProblem } from './text';

/**
 * On a property people read (a name, a label, a note): a string, not blank, at most `max`
 * characters, without control characters (which break CSV exports and desk rows) or text
 * PostgreSQL cannot hold.
 */
export function IsDisplayText(options: { max: number; multiline?: boolean }, validation?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isDisplayText',
      target: target.constructor,
      propertyName: propertyName as string,
      options: validation,
      constraints: [options.max],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && displayTextProblem(value, options) === null,
        defaultMessage: (args?: ValidationArguments) =>
          typeof args?.value === 'string' ? `${args.property} ${displayTextProblem(args.value, options)}` : `${args?.property} must be a string`,
      },
    });
}
