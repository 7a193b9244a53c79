import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { CORRELATION_HEADER, correlationIdFrom, runWithCorrelationId } from '../context/correlation';
import { HttpErrorFilter } from './exception.filter';
import { createValidationPipe } from './validation';

export interface HttpAppInfo {
  title: string;
  description: string;
  /** Largest JSON body accepted; batches are bounded by it too. */
  bodyLimit?: string;
}

/** Validation, error shape, body limits and OpenAPI docs at /docs: the same for both apps. */
export function configureHttpApp(app: INestApplication, info: HttpAppInfo): void {
  const express = app as NestExpressApplication;
  express.useBodyParser('json', { limit: info.bodyLimit ?? '1mb' });
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
    new DocumentBuilder().setTitle(info.title).setDescription(info.description).setVersion('1').build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}
