import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { AuthenticatedRequest } from './auth.decorators';

/**
 * @nestjs/throttler's guard, counting per key or person rather than per address (many traffic
 * systems sit behind one NAT, and one key must not spend another's budget). Runs after AuthGuard.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, any>): Promise<string> {
    const principal = (req as AuthenticatedRequest).principal;
    return principal ? `${principal.kind}:${principal.id}` : `ip:${req.ip}`;
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return context.getType() !== 'http';
  }
}
