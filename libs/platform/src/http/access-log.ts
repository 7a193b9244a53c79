import { Logger } from '@nestjs/common';
import { maskPlatesIn } from '@app/contracts';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Histogram } from 'prom-client';
import { AuthenticatedRequest } from '../auth/auth.decorators';
import { runWithCorrelationId } from '../context/correlation';
import { Metrics } from '../metrics/metrics';

/** The path as written, decoded, with anything plate-shaped masked (paths hold ids, but clients are clients). */
function withoutPlates(text: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    decoded = text;
  }
  return maskPlatesIn(decoded);
}

/** Routes of the health probes (HealthController). */
const HEALTH_ROUTES = new Set(['/health', '/health/ready', '/health/live']);

/** The route template (`/api/v1/seizures/:id`), so that metrics have few label values; `unmatched` for 404s. */
function routeOf(request: Request): string {
  const route = (request as Request & { route?: { path?: string } }).route?.path;
  return typeof route === 'string' ? `${request.baseUrl ?? ''}${route}` : 'unmatched';
}

/**
 * One access-log line per HTTP request (JSON with LOG_FORMAT=json): method, route, path without
 * the query string and with anything plate-shaped masked, status, duration, response size, the
 * caller's name and the correlation id. And the request rate and latency metrics.
 */
export function accessLog(metrics: Metrics | null): (req: Request, res: Response, next: NextFunction) => void {
  const log = new Logger('HttpAccess');
  const requests = metrics
    ? (metrics.registry.getSingleMetric('gateway_http_requests_total') as Counter<string> | undefined) ??
      new Counter({ name: 'gateway_http_requests_total', help: 'HTTP requests answered, by method, route template and status code', labelNames: ['method', 'route', 'status'], registers: [metrics.registry] })
    : null;
  const latency = metrics
    ? (metrics.registry.getSingleMetric('gateway_http_request_duration_seconds') as Histogram<string> | undefined) ??
      new Histogram({
        name: 'gateway_http_request_duration_seconds',
        help: 'Time from request to the last byte of the answer, by method and route template',
        labelNames: ['method', 'route'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [metrics.registry],
      })
    : null;
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeOf(req);
      requests?.inc({ method: req.method, route, status: String(res.statusCode) });
      latency?.observe({ method: req.method, route }, seconds);
      // The long-lived alert stream logs when it ends, like any other request.
      const line = {
        access: true,
        method: req.method,
        route,
        path: withoutPlates(req.path).slice(0, 300),
        status: res.statusCode,
        ms: Math.round(seconds * 1000),
        bytes: Number(res.getHeader('content-length') ?? 0) || undefined,
        caller: (req as AuthenticatedRequest).principal?.name,
      };
      const correlationId = (req as Request & { correlationId?: string }).correlationId;
      // A probe answered 503 is the answer "not ready yet", not a failure of the request: probes
      // poll every few seconds, the readiness change is logged once (HealthController) and the
      // cause by the part that failed. Any other 5xx is worth a warning.
      const notReadyProbe = res.statusCode === 503 && HEALTH_ROUTES.has(route);
      const write = () => (notReadyProbe ? log.debug(line) : res.statusCode >= 500 ? log.warn(line) : log.log(line));
      if (correlationId) runWithCorrelationId(correlationId, write);
      else write();
    });
    next();
  };
}
