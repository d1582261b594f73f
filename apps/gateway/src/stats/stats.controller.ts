import { officeYear, officeYearStart } from '@app/domain/calendar/office-time';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { StatsRepository } from '@app/persistence/repositories/stats.repository';
import { readStats } from '@app/persistence/stats-read';
import { Roles } from '../auth/auth.decorators';
import { ApiError } from '../common/api-error';
import { StatsDto, StatsQueryDto } from './stats.dto';

@ApiTags('measures')
@ApiBearerAuth()
@Controller('api/stats')
export class StatsController {
  constructor(private readonly stats: StatsRepository) {}

  @Get()
  @Roles('SUPERVISOR', 'ADMIN')
  @ApiOperation({ summary: 'the measures of DOMAIN.md (three rates and the rest) per group and period' })
  @ApiOkResponse({ type: StatsDto })
  @ApiUnprocessableEntityResponse({ description: 'RULE_VIOLATION: from is not before to' })
  async measures(@Query() query: StatsQueryDto): Promise<StatsDto> {
    const now = new Date();
    const from = query.from ? new Date(query.from) : officeYearStart(officeYear(now));
    const to = query.to ? new Date(query.to) : now;
    if (from >= to) throw ApiError.rule(['from: must be before to']);
    // The same call as the briefing's (libs/persistence/src/stats-read.ts).
    return readStats(this.stats, { from, to, groupBy: query.groupBy ?? 'center' });
  }
}
