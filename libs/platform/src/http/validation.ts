import { ValidationError, ValidationPipe } from '@nestjs/common';
import { RequestProblems, validationProblems } from '@app/contracts';

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
}

export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    // Each broken rule with its field and code (the English as class-validator words it, as before).
    exceptionFactory: (errors: ValidationError[]) => new RequestProblems(validationProblems(errors)),
  });
}
