import { DomainError, ErrorCode } from '@app/contracts';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, ParseUuidParamPipe, Principal, Role } from '@app/platform';
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
  @ApiOperation({
    summary: 'The picture the feed sent inline with a hit of this alert',
    description:
      'GA/T 1400 feeds may send the camera\'s picture inline (SubImageList Data) rather than as a link. It travels with hits only ' +
      '(never kept for reads that match nothing), is kept with the hit and deleted with it. The hit\'s `image` field links here. ' +
      'Whoever may see the alert may see its pictures.',
  })
  @ApiOkResponse({
    description: 'The picture, in the format the feed sent',
    content: Object.fromEntries(['image/jpeg', 'image/png', 'image/bmp', 'image/gif'].map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
  })
  @ApiNotFoundResponse({ description: 'No such alert (or not visible to the caller), no such hit of it, or the hit has no inline picture' })
  async image(
    @Param('id', new ParseUuidParamPipe('id')) id: string,
    @Param('hitId', new ParseUuidParamPipe('hitId')) hitId: string,
    @CurrentPrincipal() by: Principal | undefined,
    @Res() res: Response,
  ): Promise<void> {
    // Whoever may see the alert may see its pictures; the hit must be one of its own.
    const alert = await this.queries.get(id, await this.queries.callerOf(by));
    if (!alert.hits.some((h) => h.hitId === hitId)) throw new DomainError(ErrorCode.HitNotOnAlert, { params: { id, hitId } });
    const image = await this.images.find(hitId);
    if (!image) throw new DomainError(ErrorCode.HitNoPicture, { params: { hitId } });
    res.setHeader('Cache-Control', 'private, max-age=3600');
    res.type(`image/${image.format}`).send(image.data);
  }
}
