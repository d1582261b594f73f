import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { STATS_GROUP_BY, StatsRepository, type GroupMeasures, type StatsGroupBy } from '@app/persistence/repositories/stats.repository';
import { Roles } from '../auth/auth.decorators';
import { ApiError } from '../common/api-error';

export class StatsQueryDto {
  @ApiPropertyOptional({ description: 'period start (inclusive); default: 1 January of this year' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'period end (exclusive); default: now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ enum: STATS_GROUP_BY, default: 'center' })
  @IsOptional()
  @IsIn(STATS_GROUP_BY)
  groupBy?: StatsGroupBy;
}

export class StatsDto {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ enum: STATS_GROUP_BY }) groupBy!: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'per group: timelyAcceptance, resolution, satisfaction, reopen ({total, count, rate}), openByStage, overdueByStage, escalationsByLevel, timePerStage ({visits, meanHours, p90Hours})',
  })
  groups!: GroupMeasures[];
}

@ApiTags('measures')
@ApiBearerAuth()
@Controller('api/stats')
export class StatsController {
  constructor(private readonly stats: StatsRepository) {}

  @Get()
  @Roles('SUPERVISOR', 'ADMIN')
  @ApiOperation({ summary: 'the measures of DOMAIN.md (three rates and the rest) per group and period' })
  @ApiOkResponse({ type: StatsDto })
  async measures(@Query() query: StatsQueryDto): Promise<StatsDto> {
    const now = new Date();
    const from = query.from ? new Date(query.from) : new Date(Date.UTC(now.getUTCFullYear(), 0, 1) - 8 * 3600_000);
    const to = query.to ? new Date(query.to) : now;
    if (from >= to) throw ApiError.validation(['from: must be before to']);
    const groupBy = query.groupBy ?? 'center';
    return { from: from.toISOString(), to: to.toISOString(), groupBy, groups: await this.stats.measures({ from, to, groupBy }) };
  }
}
