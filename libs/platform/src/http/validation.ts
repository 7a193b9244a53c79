import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { nullProblems, RequestProblems, validationProblems } from '@app/contracts';
import { bodyShapeProblem } from './body-shape';

/**
 * The one validation pipe of both apps: unknown fields are rejected, not silently dropped, and
 * every message names its field (nested ones with their path, array items with their index).
 */
class StrictValidationPipe extends ValidationPipe {
  /**
   * Path and query text reaches each parameter's own pipe (ParseIntPipe, ParseBoolPipe, …) as it
   * was sent. Nest's default converts it first, so `?open=banana` arrived as false and
   * `?limit=1e3` as 1000: types are enforced, not coerced.
   */
  protected override transformPrimitive(value: unknown): unknown {
    return value;
  }

  /** The class's rules, and null refused on optional fields (see NullAllowed), all problems in one answer. */
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const cls = metadata.metatype;
    // A body's shape was checked before routing except inside a batch's items, which only the batch
    // doors take apart: only an array can still hold a problem here, so only an array is walked again.
    const shape = metadata.type === 'body' && Array.isArray(value) && this.toValidate(metadata) ? bodyShapeProblem(value) : null;
    if (shape) throw new RequestProblems([shape]);
    const nulls = cls && this.toValidate(metadata) && typeof cls === 'function' ? nullProblems(cls as new () => object, value) : [];
    try {
      const result: unknown = await super.transform(value, metadata);
      if (nulls.length) throw new RequestProblems(nulls);
      return result;
    } catch (error) {
      if (nulls.length && error instanceof RequestProblems && error.problems !== nulls) throw new RequestProblems([...nulls, ...error.problems]);
      throw error;
    }
  }
}

export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    // The object each error was found in: validationProblems reads its class's rules for the values
    // a code names (`max` of maxLength, `values` of isEnum). Never sent; nor is the value (a plate).
    validationError: { target: true, value: false },
    // Each broken rule with its field and code (the English as class-validator words it, as before).
    exceptionFactory: (errors: ValidationError[]) => new RequestProblems(validationProblems(errors)),
  });
}
