import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { Metrics } from './metrics';

@ApiTags('operations')
/** Open like /health: Prometheus scrapes it from inside the network; it carries counts, never plates. */
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  /** Every series with its type and help; docs/operations.md lists them and what to alert on. Open like /health: it carries counts, never plates. */
  @Get()
  @ApiOkResponse({ description: 'Prometheus text format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } })
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'Prometheus metrics: intake, hits, alerts by state, consumer lag, outbox backlog, dead letters' })
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
