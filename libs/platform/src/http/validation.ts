import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { describeValidationErrors } from '@app/contracts';

/**
 * The one validation pipe of both apps: unknown fields are rejected, not silently dropped, and
 * every message names its field (nested ones with their path, array items with their index).
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors: ValidationError[]) =>
      new BadRequestException({ statusCode: 400, error: 'Bad Request', message: describeValidationErrors(errors) }),
  });
}
