import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, Principal, Role } from '@app/platform';
import type { Response } from 'express';
import { AlertQueriesService } from '../alerts/alert-queries.service';
import { HitImagesRepository } from './hit-images.repository';

@ApiTags('alerts')
@Allow(Role.Dispatcher, Role.DutyDirector, Role.TeamLead, Role.Officer, Role.Leadership)
@Controller('api/v1/alerts')
export class HitImagesController {
  constructor(
    private readonly queries: AlertQueriesService,
    private readonly images: HitImagesRepository,
  ) {}

  @Get(':id/hits/:hitId/image')
  @ApiOperation({ summary: 'The picture the feed sent inline with a hit of this alert (GA/T 1400 SubImageList Data); 404 when it sent none' })
  @ApiProduces('image/jpeg', 'image/png', 'image/bmp', 'image/gif')
  @ApiOkResponse({ description: 'The picture' })
  async image(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('hitId', ParseUUIDPipe) hitId: string,
    @CurrentPrincipal() by: Principal | undefined,
    @Res() res: Response,
  ): Promise<void> {
    // Whoever may see the alert may see its pictures; the hit must be one of its own.
    const alert = await this.queries.get(id, await this.queries.callerOf(by));
    if (!alert.hits.some((h) => h.hitId === hitId)) throw new NotFoundException(`alert ${id} has no hit ${hitId}`);
    const image = await this.images.find(hitId);
    if (!image) throw new NotFoundException(`hit ${hitId} has no inline picture`);
    res.setHeader('Cache-Control', 'private, max-age=3600');
    res.type(`image/${image.format}`).send(image.data);
  }
}
