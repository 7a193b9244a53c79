import { Global, Module } from '@nestjs/common';
import { CourtGatewayEnv } from '../config/court-gateway.env';
import { DeviceRepository } from './device.repository';
import { VapidKeys } from './vapid-keys';

/** The devices' storage and this server's VAPID identity, for the push channel and the devices API alike. */
@Global()
@Module({
  providers: [DeviceRepository, { provide: VapidKeys, useFactory: (env: CourtGatewayEnv) => VapidKeys.from(env), inject: [CourtGatewayEnv] }],
  exports: [DeviceRepository, VapidKeys],
})
export class DeviceStoreModule {}
