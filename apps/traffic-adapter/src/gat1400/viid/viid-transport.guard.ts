import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Gat1400Metrics } from '../gat1400.metrics';
import { Gat1400Settings } from '../gat1400.settings';
import { AddressAllowList, ViidError } from './viid-http';
import { ViidStatusCode } from './viid-status';

/** Which role of the connector a /VIID controller serves: `client` (the police 视图库 pushes to us) or `server` (lower devices push to us). */
export type ViidRole = 'client' | 'server';
const VIID_ROLE = 'gat1400:role';
export const ServesViidRole = (role: ViidRole) => SetMetadata(VIID_ROLE, role);

const ROLE_OFF: Record<ViidRole, string> = {
  client: 'this traffic-adapter is not a client of a police 视图库 (GAT1400_PLATFORM_URL is not set): it takes no notifications',
  server: 'this traffic-adapter is not a 视图库 for lower devices (GAT1400_SERVER_DEVICES is not set): it takes no registrations or records',
};

/**
 * Every /VIID request: to a role this deployment has switched on (the routes always exist, so the
 * OpenAPI document is the same whatever the configuration, and a caller of a role that is off is
 * told which), over TLS when GAT1400_REQUIRE_TLS, from an allowed address when GAT1400_ALLOW_FROM is set.
 */
@Injectable()
export class ViidTransportGuard implements CanActivate {
  private readonly allow: AddressAllowList;

  constructor(
    private readonly settings: Gat1400Settings,
    private readonly metrics: Gat1400Metrics,
    private readonly reflector: Reflector,
  ) {
    this.allow = new AddressAllowList(settings.env.GAT1400_ALLOW_FROM);
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const role = this.reflector.getAllAndOverride<ViidRole | undefined>(VIID_ROLE, [context.getHandler(), context.getClass()]);
    if (role && !this.settings[role]) {
      this.metrics.refused('session', 'role_off');
      throw new ViidError(404, ViidStatusCode.InvalidOperation, ROLE_OFF[role]);
    }
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
