import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { CORRELATION_HEADER, correlationIdFrom, runWithCorrelationId } from '../context/correlation';
import { bodyShapeProblem } from './body-shape';
import { HttpErrorFilter } from './exception.filter';
import { createValidationPipe } from './validation';

export interface HttpAppInfo {
  title: string;
  description: string;
  /** Largest JSON body accepted; batches are bounded by it too. */
  bodyLimit?: string;
  /** TRUST_PROXY: `false`, `true`, a hop count, or comma-separated addresses/subnets. */
  trustProxy?: string;
}

function trustProxySetting(value: string | undefined): boolean | number | string {
  if (!value || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** Validation, error shape, body limits and OpenAPI docs at /docs: the same for both apps. */
export function configureHttpApp(app: INestApplication, info: HttpAppInfo): void {
  const express = app as NestExpressApplication;
  express.set('trust proxy', trustProxySetting(info.trustProxy));
  express.useBodyParser('json', { limit: info.bodyLimit ?? '1mb' });
  // Before validation: shapes that would crash it or slip past it are refused with their place named.
  express.use((req: Request, res: Response, next: NextFunction) => {
    const problem = req.body && typeof req.body === 'object' ? bodyShapeProblem(req.body) : null;
    if (!problem) return next();
    res.status(400).json({ statusCode: 400, error: 'Bad Request', message: [problem] });
  });
  // After the body parser, so the whole handler (and everything it awaits) runs in the context.
  express.use((req: Request, res: Response, next: NextFunction) => {
    const correlationId = correlationIdFrom(req.headers[CORRELATION_HEADER]);
    res.setHeader(CORRELATION_HEADER, correlationId);
    runWithCorrelationId(correlationId, next);
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(info.title)
      .setDescription(info.description)
      .setVersion('1')
      // Systems send a key, people a sign-in token; either satisfies an endpoint's roles (README: Security).
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'API key of a system (sag_…)' }, 'apiKey')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'a person’s token from POST /api/v1/auth/login, or an API key' }, 'bearer')
      .addSecurityRequirements('apiKey')
      .addSecurityRequirements('bearer')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}
