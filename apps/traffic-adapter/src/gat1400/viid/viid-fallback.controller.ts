import { All, Controller, Req, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { NoAudit, Public } from '@app/platform';
import type { Request } from 'express';
import { ViidError, ViidExceptionFilter } from './viid-http';
import { ViidStatusCode } from './viid-status';

/**
 * Every other /VIID request (Faces, Persons, NonMotorVehicles, Images, a wrong method): a
 * platform or device speaking GA/T 1400 reads a ResponseStatusObject, not our own error shape,
 * so it is told in its own terms that this 视图库 does not take that. Registered last.
 */
@ApiExcludeController()
@Public()
@NoAudit()
@SkipThrottle()
@UseFilters(ViidExceptionFilter)
@Controller('VIID')
export class ViidFallbackController {
  @All('{*path}')
  unsupported(@Req() req: Request): never {
    throw new ViidError(
      404,
      ViidStatusCode.InvalidOperation,
      `${req.method} ${req.path.slice(0, 100)} is not an operation of this 视图库: it takes System/Register, System/Keepalive, System/UnRegister, System/Time, MotorVehicles, Tollgates, DispositionNotifications and SubscribeNotifications`,
    );
  }
}
