import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { DeviceActionsController, DevicesController } from './devices.controller';
import { DevicesService } from './devices.service';

/** Phones registered for push, per person, and acknowledging from the notification. */
@Module({
  imports: [AlertsModule],
  controllers: [DevicesController, DeviceActionsController],
  providers: [DevicesService],
})
export class DevicesModule {}
