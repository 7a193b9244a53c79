import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, ApiItemsResponse, AuditTarget, CurrentPrincipal, ParseUuidParamPipe, Principal, Public, Role } from '@app/platform';
import { DeviceAcknowledgeDto, DeviceAcknowledgedView, DeviceView, RegisterDeviceDto, RegisteredDeviceView, VapidPublicKeyView } from './device.dto';
import { DevicesService } from './devices.service';

@ApiTags('devices')
@Allow(Role.Dispatcher, Role.DutyDirector, Role.TeamLead, Role.Officer)
@AuditTarget('device')
@Controller('api/v1/devices')
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  /** The server's VAPID public key: the phone subscribes to push with it (applicationServerKey). 503 when push is not configured. */
  @Get('vapid-public-key')
  @ApiOperation({ summary: 'The VAPID public key phones subscribe with' })
  @ApiOkResponse({ type: VapidPublicKeyView })
  publicKey(): VapidPublicKeyView {
    return this.devices.publicKey();
  }

  /**
   * `{ label, subscription }` (the browser's PushSubscription.toJSON()): this phone receives the
   * signed-in officer's pushes. Answers the device's own credential, once. Registering the same
   * subscription again replaces the earlier registration. 403 for an account not on the roster;
   * 400 for an endpoint outside PUSH_ENDPOINT_HOSTS; 409 when the officer already has
   * PUSH_DEVICES_PER_OFFICER live phones (revoke one first).
   */
  @Post()
  @ApiOperation({ summary: "Enable push on a phone: its Web Push subscription, for the signed-in officer's alerts" })
  @ApiCreatedResponse({ type: RegisteredDeviceView })
  @ApiConflictResponse({ description: 'The officer already has PUSH_DEVICES_PER_OFFICER phones enabled (device.limit_reached)' })
  register(@Body() dto: RegisterDeviceDto, @CurrentPrincipal() by: Principal): Promise<RegisteredDeviceView> {
    return this.devices.register(dto, by);
  }

  /** The caller's devices, revoked ones included. */
  @Get()
  @ApiOperation({ summary: "The caller's push devices" })
  @ApiItemsResponse(DeviceView, "The caller's push devices, newest first")
  async list(@CurrentPrincipal() by: Principal): Promise<{ items: DeviceView[] }> {
    return { items: await this.devices.list(by) };
  }

  /** Revokes one of the caller's devices (an admin: anyone's): no more pushes, its credential refused. 404 for another person's device. */
  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a push device and its credential' })
  @ApiOkResponse({ type: DeviceView })
  revoke(@Param('id', new ParseUuidParamPipe('id')) id: string, @CurrentPrincipal() by: Principal): Promise<DeviceView> {
    return this.devices.revoke(id, by);
  }
}

/** What a phone's service worker does from a notification, with the device's credential instead of a session. */
@ApiTags('devices')
@AuditTarget('alert')
@Controller('api/v1/device')
export class DeviceActionsController {
  constructor(private readonly devices: DevicesService) {}

  /**
   * Acknowledge from the notification. Header `X-Device-Token`: the credential the device got at
   * registration. 401 unknown or revoked credential; 403 the alert is not assigned to the
   * device's officer; 404 no such alert; 409 the alert is past acknowledging.
   */
  @Post('alerts/:id/acknowledge')
  @Public()
  @HttpCode(200)
  @ApiHeader({ name: 'X-Device-Token', required: true, description: "The device's credential from registration" })
  @ApiOperation({ summary: "Acknowledge an alert assigned to the device's officer, from the push notification" })
  @ApiOkResponse({ type: DeviceAcknowledgedView })
  acknowledge(@Param('id', new ParseUuidParamPipe('id')) id: string, @Headers('x-device-token') token: string | undefined, @Body() dto: DeviceAcknowledgeDto): Promise<DeviceAcknowledgedView> {
    return this.devices.acknowledge(id, token, dto.note);
  }
}
