import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectThrottlerOptions, InjectThrottlerStorage, ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';
import { Counter } from 'prom-client';
import { Metrics } from '../metrics/metrics';
import { AuthenticatedRequest } from './auth.decorators';
import { refusalCounter } from './auth.guard';

/**
 * @nestjs/throttler's guard, counting per key or person rather than per address (many traffic
 * systems sit behind one NAT, and one key must not spend another's budget). Runs after AuthGuard.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  private readonly refusals: Counter<string>;

  constructor(@InjectThrottlerOptions() options: ThrottlerModuleOptions, @InjectThrottlerStorage() storage: ThrottlerStorage, reflector: Reflector, metrics: Metrics) {
    super(options, storage, reflector);
    this.refusals = refusalCounter(metrics);
  }

  protected override async getTracker(req: Record<string, any>): Promise<string> {
    const principal = (req as AuthenticatedRequest).principal;
    return principal ? `${principal.kind}:${principal.id}` : `ip:${req.ip}`;
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return context.getType() !== 'http';
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    this.refusals.inc({ reason: 'rate_limited' });
    return super.throwThrottlingException(context, detail);
  }
}
