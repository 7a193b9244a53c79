import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class PlatformLinkView {
  /** registered, unregistered (refused or not yet), unreachable (no answer). */
  @ApiProperty({ enum: ['registered', 'unregistered', 'unreachable'] })
  state: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  registeredAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  lastKeepaliveAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  lastNotificationAt: string | null;
  /** The platform's clock minus ours, at the last time check. */
  @ApiPropertyOptional({ type: Number, nullable: true })
  clockSkewSeconds: number | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  lastError: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  lastErrorAt: string | null;
}

export class SubscriptionStatusView {
  subscribeId: string;
  resourceUri: string;
  @ApiProperty({ enum: ['requested', 'active', 'failed', 'cancelled'] })
  state: string;
  endAt: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  statusString: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  lastNotificationAt: string | null;
}

export class Gat1400ClientStatusView {
  platformUrl: string;
  platformId: string;
  deviceId: string;
  @ApiProperty({ enum: ['disposition', 'subscription'] })
  mode: string;
  @ApiPropertyOptional({ type: PlatformLinkView, nullable: true })
  link: PlatformLinkView | null;
  /** 布控 by state: requested, confirmed, failed, revoking, revoked. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  dispositions: Record<string, number>;
  @ApiProperty({ type: [SubscriptionStatusView] })
  subscriptions: SubscriptionStatusView[];
}

export class DeviceSessionView {
  deviceId: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  address: string | null;
  registeredAt: string;
  lastKeepaliveAt: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  unregisteredAt: string | null;
}

export class Gat1400ServerStatusView {
  serverId: string;
  @ApiProperty({ type: [DeviceSessionView] })
  devices: DeviceSessionView[];
}

export class Gat1400InstanceCountsView {
  /** Records taken since this instance started, by door (device, subscription, alarm, tollgate). */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  taken: Record<string, number>;
  /** Refusals since this instance started, by `door:reason`. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  refused: Record<string, number>;
}

export class Gat1400StatusView {
  /** The client role (GAT1400_PLATFORM_URL), or null when off. */
  @ApiPropertyOptional({ type: Gat1400ClientStatusView, nullable: true })
  client: Gat1400ClientStatusView | null;
  /** The 视图库 role (GAT1400_SERVER_DEVICES), or null when off. */
  @ApiPropertyOptional({ type: Gat1400ServerStatusView, nullable: true })
  server: Gat1400ServerStatusView | null;
  @ApiProperty({ type: Gat1400InstanceCountsView })
  thisInstance: Gat1400InstanceCountsView;
}
