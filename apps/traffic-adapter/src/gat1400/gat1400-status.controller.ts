import { Controller, Get, Optional } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, Role } from '@app/platform';
import { DispositionsRepository } from './client/dispositions.repository';
import { PlatformLinkRepository } from './client/platform-link.repository';
import { SubscriptionsRepository } from './client/subscriptions.repository';
import { Gat1400StatusView } from './gat1400-status.dto';
import { Gat1400Metrics } from './gat1400.metrics';
import { Gat1400Settings } from './gat1400.settings';
import { DeviceSessionsRepository } from './server/device-sessions.repository';

/** The connector at a glance, for the integrator: the link, 布控, subscriptions, devices, refusals. */
@ApiTags('feed-health')
@Allow(Role.TrafficSystem)
@Controller('api/v1/gat1400')
export class Gat1400StatusController {
  constructor(
    private readonly settings: Gat1400Settings,
    private readonly metrics: Gat1400Metrics,
    @Optional() private readonly link?: PlatformLinkRepository,
    @Optional() private readonly dispositions?: DispositionsRepository,
    @Optional() private readonly subscriptions?: SubscriptionsRepository,
    @Optional() private readonly devices?: DeviceSessionsRepository,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The GA/T 1400 connector at a glance',
    description:
      'The link with the police 视图库 (state, registered at, last keepalive, last notification, clock skew, last error), 布控 by state, ' +
      'subscriptions, the lower devices registered with our 视图库, and the records this instance took and refused by reason. ' +
      'Roles that are not configured are null. See docs/gat1400.md.',
  })
  @ApiOkResponse({ type: Gat1400StatusView, description: 'The connector\'s state' })
  async status(): Promise<Gat1400StatusView> {
    const client = this.settings.client;
    const link = client && this.link ? await this.link.read() : null;
    return {
      client: client
        ? {
            platformUrl: client.platformUrl,
            platformId: client.platformId,
            deviceId: client.deviceId,
            mode: client.mode,
            link: link && {
              state: link.state,
              registeredAt: link.registeredAt?.toISOString() ?? null,
              lastKeepaliveAt: link.lastKeepaliveAt?.toISOString() ?? null,
              lastNotificationAt: link.lastNotificationAt?.toISOString() ?? null,
              clockSkewSeconds: link.clockSkewMs === null ? null : Math.round(link.clockSkewMs / 1000),
              lastError: link.lastError,
              lastErrorAt: link.lastErrorAt?.toISOString() ?? null,
            },
            dispositions: this.dispositions ? await this.dispositions.counts() : {},
            subscriptions: this.subscriptions
              ? (await this.subscriptions.all()).map((s) => ({
                  subscribeId: s.subscribeId, resourceUri: s.resourceUri, state: s.state, endAt: s.endAt.toISOString(),
                  statusString: s.statusString, lastNotificationAt: s.lastNotificationAt?.toISOString() ?? null,
                }))
              : [],
          }
        : null,
      server: this.settings.server && this.devices
        ? {
            serverId: this.settings.server.serverId,
            devices: (await this.devices.listAll()).map((d) => ({
              deviceId: d.deviceId, address: d.address, registeredAt: d.registeredAt.toISOString(), lastKeepaliveAt: d.lastKeepaliveAt.toISOString(),
              unregisteredAt: d.unregisteredAt?.toISOString() ?? null,
            })),
          }
        : null,
      thisInstance: {
        taken: Object.fromEntries(this.metrics.takenByDoor),
        refused: Object.fromEntries(this.metrics.refusedByReason),
      },
    };
  }
}
