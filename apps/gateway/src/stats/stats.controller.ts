import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { StatsDto, StatsQueryDto } from './stats.dto';
import { StatsService } from './stats.service';

@ApiTags('measures')
@ApiBearerAuth()
@Controller('api/stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get()
  @Roles('SUPERVISOR', 'ADMIN')
  @ApiOperation({ summary: 'the measures of DOMAIN.md (three rates and the rest) per group and period' })
  @ApiOkResponse({ type: StatsDto })
  @ApiUnprocessableEntityResponse({ description: 'RULE_VIOLATION: from is not before to' })
  async measures(@Query() query: StatsQueryDto): Promise<StatsDto> {
    return this.stats.stats(
      { from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined },
      { groupBy: query.groupBy },
    );
  }
}
