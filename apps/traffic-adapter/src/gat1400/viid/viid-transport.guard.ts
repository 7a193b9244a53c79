import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { Gat1400Metrics } from '../gat1400.metrics';
import { Gat1400Settings } from '../gat1400.settings';
import { AddressAllowList, ViidError } from './viid-http';
import { ViidStatusCode } from './viid-status';

/** Every /VIID request: over TLS when GAT1400_REQUIRE_TLS, from an allowed address when GAT1400_ALLOW_FROM is set. */
@Injectable()
export class ViidTransportGuard implements CanActivate {
  private readonly allow: AddressAllowList;

  constructor(
    private readonly settings: Gat1400Settings,
    private readonly metrics: Gat1400Metrics,
  ) {
    this.allow = new AddressAllowList(settings.env.GAT1400_ALLOW_FROM);
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (this.settings.env.GAT1400_REQUIRE_TLS && !req.secure) {
      this.metrics.refused('session', 'not_tls');
      throw new ViidError(403, ViidStatusCode.InvalidOperation, 'this 视图库 takes requests over TLS (https) only');
    }
    if (!this.allow.allows(req.ip)) {
      this.metrics.refused('session', 'not_allowed');
      throw new ViidError(403, ViidStatusCode.InvalidOperation, `address ${req.ip} may not call this 视图库`);
    }
    return true;
  }
}
