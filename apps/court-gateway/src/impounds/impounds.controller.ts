import { Body, CallHandler, Controller, ExecutionContext, Get, HttpCode, HttpException, Inject, Injectable, NestInterceptor, Param, Post, Query, Req, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags, ApiExtraModels } from '@nestjs/swagger';
import { DomainError, ErrorCode, RequestProblems } from '@app/contracts';
import { Allow, ApiBodyAs, ApiItemsResponse, AuditTarget, createValidationPipe, CurrentPrincipal, ParseIntInRangePipe, ParseOneOfPipe, ParseUuidParamPipe, Principal, Role } from '@app/platform';
import { bodyShapeProblem } from '@app/platform/http/body-shape';
import type { Request, Response } from 'express';
import { Observable } from 'rxjs';
import { CourtGatewayEnv } from '../config/court-gateway.env';
import { CustodyState, CustodyTransition } from './custody';
import { EndCustodyDto, EstimateValueDto, ImpoundView, RecordImpoundDto, StorageYardView } from './impound.dto';
import { ImpoundsService, UploadedPhoto } from './impounds.service';
import { PaperKind } from './papers';

/**
 * Multipart parsing of the photos (multer through Nest's FilesInterceptor), with the limits of
 * the environment and refusals that name the limit (multer's own say "File too large").
 */
@Injectable()
export class PhotoUploads implements NestInterceptor {
  private readonly inner: NestInterceptor;

  constructor(@Inject(CourtGatewayEnv) private readonly env: CourtGatewayEnv) {
    const { IMPOUND_PHOTO_MAX_BYTES: fileSize, IMPOUND_PHOTO_MAX_COUNT: files } = env;
    // One more than allowed reaches the service, which refuses it by name; busboy stops at `files`.
    this.inner = new (FilesInterceptor('photos', files + 1, { limits: { fileSize, files: files + 1, fields: 4, fieldSize: 64 * 1024 } }))();
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await this.inner.intercept(context, next);
    } catch (error) {
      const message = String((error as { response?: { message?: unknown } }).response?.message ?? (error as Error).message);
      if (/too large/i.test(message)) throw new DomainError(ErrorCode.ImpoundPhotoTooLarge, { field: 'photos', params: { maxBytes: this.env.IMPOUND_PHOTO_MAX_BYTES } });
      if (/too many files|unexpected field/i.test(message)) {
        throw new DomainError(ErrorCode.ImpoundPhotosForm, { field: 'photos', params: { max: this.env.IMPOUND_PHOTO_MAX_COUNT } });
      }
      if (error instanceof HttpException && error.getStatus() < 500) throw new DomainError(ErrorCode.ImpoundMultipartInvalid, { params: { detail: message } });
      throw error;
    }
  }
}

const validation = createValidationPipe();

const MAY_SEE = [Role.Dispatcher, Role.DutyDirector, Role.TeamLead, Role.Officer, Role.Leadership];
const MAY_ACT = [Role.Dispatcher, Role.DutyDirector, Role.TeamLead, Role.Officer];

/**
 * 扣押 on an alert: the record (with photos, multipart), its photos and papers, custody changes.
 * Whoever may see the alert may read them; whoever may act on it (the assignee, a team lead of
 * its team, the command center, the desk) may record and change custody.
 */
@ApiTags('impounds')
@Allow(...MAY_SEE)
@AuditTarget('alert')
@Controller('api/v1/alerts')
@ApiExtraModels(RecordImpoundDto)
export class ImpoundsController {
  constructor(private readonly impounds: ImpoundsService) {}

  @Post(':id/impound')
  @Allow(...MAY_ACT)
  @UseInterceptors(PhotoUploads)
  @ApiOperation({
    summary: 'Record the seizure (扣押) of the car on scene, with photos; resolves the alert as seized and prints the papers',
    description:
      'multipart/form-data with a `record` field (RecordImpoundDto as JSON) and up to IMPOUND_PHOTO_MAX_COUNT `photos` (JPEG or PNG by content, each at most ' +
      'IMPOUND_PHOTO_MAX_BYTES); or application/json with the record alone. Photos are stored without their metadata; the first EXIF GPS position ' +
      'becomes the place when none is given. Record, photos, papers and the alert\'s resolution are one transaction. 409 unless the alert is on_scene.',
  })
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['record'],
      properties: { record: { type: 'string', description: 'RecordImpoundDto as JSON text', example: '{"keysCount":2,"registrationCertificate":true,"vehicleCondition":"完好","odometerKm":86512,"drivenBy":"陈法警","yardId":"fc-jj-yard","debtorResponse":"refused"}' }, photos: { type: 'array', items: { type: 'string', format: 'binary' } } },
    },
  })
  // The JSON body is the record itself (the form's `record` field is only the multipart form's way to carry it).
  @ApiBodyAs('application/json', RecordImpoundDto)
  @ApiCreatedResponse({ type: ImpoundView, description: 'The record as stored' })
  @ApiBadRequestResponse({ description: 'A field, a photo (not an image, too large, too many) or the yard is wrong' })
  @ApiForbiddenResponse({ description: 'The caller may not act on this alert' })
  @ApiConflictResponse({ description: 'The alert is not on scene, or already has its record' })
  async record(@Param('id', new ParseUuidParamPipe('id')) id: string, @Req() req: Request, @UploadedFiles() files: UploadedPhoto[] | undefined, @CurrentPrincipal() by?: Principal): Promise<ImpoundView> {
    const dto = await this.parseRecord(req);
    return this.impounds.record(id, dto, files ?? [], by);
  }

  /** The record with custody figures computed now on the court's clock: days charged (each begun day counts), fees from the yard's daily rate, the fee warning. Whoever may see the alert may read it (403 for another team's alert); 404 without a record. */
  @Get(':id/impound')
  @ApiOperation({ summary: 'The seizure (扣押) record of the alert: what was taken, where it is kept, days and fees so far, links to photos and papers' })
  @ApiOkResponse({ type: ImpoundView })
  @ApiNotFoundResponse({ description: 'No such alert (or not visible), or no record yet' })
  get(@Param('id', new ParseUuidParamPipe('id')) id: string, @CurrentPrincipal() by?: Principal): Promise<ImpoundView> {
    return this.impounds.get(id, by);
  }

  /** Photo `n` (1, 2, …) as stored: JPEG or PNG without metadata (a JPEG keeps only its orientation). Whoever may see the alert may see its photos. */
  @Get(':id/impound/photos/:n')
  @ApiOperation({ summary: 'A photo of the seizure record, stripped of its metadata' })
  @ApiOkResponse({ content: { 'image/jpeg': { schema: { type: 'string', format: 'binary' } }, 'image/png': { schema: { type: 'string', format: 'binary' } } }, description: 'The photo' })
  async photo(@Param('id', new ParseUuidParamPipe('id')) id: string, @Param('n', new ParseIntInRangePipe('n', 1, 1000, 0)) n: number, @CurrentPrincipal() by: Principal | undefined, @Res() res: Response): Promise<void> {
    const photo = await this.impounds.photo(id, n, by);
    res.setHeader('Cache-Control', 'private, max-age=3600');
    res.type(photo.contentType).send(photo.data);
  }

  /** The paper printed when the seizure was recorded, with the seal's case data and the record; the Chinese font is embedded. Served as an attachment; the full plate is in the document (a legal paper), never in logs. */
  @Get(':id/impound/papers/:kind.pdf')
  @ApiOperation({ summary: 'A paper of the seizure as PDF: assistance-notice (协助执行通知书) or inventory (扣押清单)' })
  @ApiOkResponse({ content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } }, description: 'The PDF' })
  async paper(@Param('id', new ParseUuidParamPipe('id')) id: string, @Param('kind', new ParseOneOfPipe('kind', Object.values(PaperKind))) kind: PaperKind, @CurrentPrincipal() by: Principal | undefined, @Res() res: Response): Promise<void> {
    const { pdf, filename } = await this.impounds.paper(id, kind, by);
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.type('application/pdf').send(pdf);
  }

  /** Body `{ note?, officerId? }`. Who may act on the alert may end custody; 409 once custody has ended. Days and fees stop at this moment. */
  @Post(':id/impound/release')
  @Allow(...MAY_ACT)
  @HttpCode(200)
  @ApiOperation({ summary: 'The car leaves custody, given back; fees stop' })
  @ApiOkResponse({ type: ImpoundView })
  @ApiConflictResponse({ description: 'Custody has already ended' })
  release(@Param('id', new ParseUuidParamPipe('id')) id: string, @Body() dto: EndCustodyDto, @CurrentPrincipal() by?: Principal): Promise<ImpoundView> {
    return this.impounds.endCustody(id, CustodyTransition.Release, dto, by);
  }

  /** Body `{ note?, officerId? }`. Who may act on the alert may end custody; 409 once custody has ended. Days and fees stop at this moment. */
  @Post(':id/impound/hand-to-auction')
  @Allow(...MAY_ACT)
  @HttpCode(200)
  @ApiOperation({ summary: 'The car is handed over for auction (拍卖); the court\'s custody and its fees end' })
  @ApiOkResponse({ type: ImpoundView })
  @ApiConflictResponse({ description: 'Custody has already ended' })
  handToAuction(@Param('id', new ParseUuidParamPipe('id')) id: string, @Body() dto: EndCustodyDto, @CurrentPrincipal() by?: Principal): Promise<ImpoundView> {
    return this.impounds.endCustody(id, CustodyTransition.HandToAuction, dto, by);
  }

  /** Body `{ estimatedValueYuan }`, e.g. after an appraisal. The warning is raised again if the fees reach IMPOUND_FEE_WARNING_SHARE of the new value. */
  @Post(':id/impound/estimate')
  @Allow(...MAY_ACT)
  @HttpCode(200)
  @ApiOperation({ summary: 'Set the car\'s estimated value (yuan); the fee warning is measured against it' })
  @ApiOkResponse({ type: ImpoundView })
  estimate(@Param('id', new ParseUuidParamPipe('id')) id: string, @Body() dto: EstimateValueDto, @CurrentPrincipal() by?: Principal): Promise<ImpoundView> {
    return this.impounds.estimate(id, dto.estimatedValueYuan, by);
  }

  /** The record travels as JSON text in the `record` field of a multipart request, or as the JSON body; both pass the one validation pipe. */
  private async parseRecord(req: Request): Promise<RecordImpoundDto> {
    let raw: unknown = req.body;
    if (req.is('multipart/form-data')) {
      const text = (req.body as Record<string, unknown> | undefined)?.record;
      if (typeof text !== 'string') throw new DomainError(ErrorCode.ImpoundRecordMissing, { field: 'record' });
      try {
        raw = JSON.parse(text);
      } catch {
        throw new DomainError(ErrorCode.ImpoundRecordNotJson, { field: 'record' });
      }
      if (!raw || typeof raw !== 'object') throw new DomainError(ErrorCode.ImpoundRecordNotObject, { field: 'record' });
      // The same shape checks as a JSON body gets before routing, each named within the record.
      const found = bodyShapeProblem(raw);
      if (found) throw new RequestProblems([{ ...found, field: found.field ? `record.${found.field}` : 'record', params: { ...found.params, field: found.field ? `record.${found.field}` : 'record' } }]);
    }
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new DomainError(ErrorCode.ImpoundRecordNotObject, { field: 'record' });
    return validation.transform(raw, { type: 'body', metatype: RecordImpoundDto }) as Promise<RecordImpoundDto>;
  }
}

@ApiTags('impounds')
@Allow(...MAY_SEE)
@Controller('api/v1/impounds')
export class ImpoundsListController {
  constructor(private readonly impounds: ImpoundsService) {}

  /** Each with custody days, fees and the fee warning as of now. Officers and team leads see their own team's records only. */
  @Get()
  @ApiOperation({ summary: 'Seizure (扣押) records, newest first, with custody days, fees and the fee warning; ?custody=in_custody for the cars kept now. Team-bound callers: their team\'s only' })
  @ApiItemsResponse(ImpoundView, 'Seizure records')
  @ApiQuery({ name: 'custody', enum: CustodyState, required: false })
  @ApiQuery({ name: 'limit', required: false, schema: ParseIntInRangePipe.schema(1, 1000, 200) })
  async list(
    @Query('limit', new ParseIntInRangePipe('limit', 1, 1000, 200)) limit: number,
    @Query('custody', new ParseOneOfPipe('custody', Object.values(CustodyState), true)) custody?: CustodyState,
    @CurrentPrincipal() by?: Principal,
  ): Promise<{ items: ImpoundView[] }> {
    // Out of range is refused (400), not clamped: ?limit=100000 answered 1000 rows as if that were all.
    return { items: await this.impounds.list(custody, by, limit) };
  }

  /** From IMPOUND_YARDS / IMPOUND_YARDS_FILE, checked at start: id, name, address, daily rate in yuan. */
  @Get('yards')
  @ApiOperation({ summary: 'The configured storage yards (停车场) with their daily rates' })
  @ApiItemsResponse(StorageYardView, 'Storage yards')
  yards(): { items: StorageYardView[] } {
    return { items: this.impounds.yardViews() };
  }
}
