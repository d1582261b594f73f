import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsDateTime } from '../common/date-validators';
import { MEASURE_DIMS, type MeasureDim } from '@app/domain/measures/totals';

export class StatsQueryDto {
  @ApiPropertyOptional({ description: 'period start (inclusive); default: 1 January of this year' })
  @IsOptional()
  @IsDateTime()
  from?: string;

  @ApiPropertyOptional({ description: 'period end (exclusive); default: now' })
  @IsOptional()
  @IsDateTime()
  to?: string;

  @ApiPropertyOptional({ enum: MEASURE_DIMS, default: 'center' })
  @IsOptional()
  @IsIn(MEASURE_DIMS)
  groupBy?: MeasureDim;
}

export class RateDto {
  @ApiProperty({ description: 'the denominator: accepted, closed (not REJECTED/MERGED), rated' }) total!: number;
  @ApiProperty({ description: 'the numerator: accepted within SLA, RESOLVED, satisfied, reopened' }) count!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'count / total, 0..1; null when nothing was counted' })
  rate!: number | null;
}

export class StageTimeDto {
  @ApiProperty({ description: 'stage visits that ended in the period' }) visits!: number;
  @ApiProperty() meanHours!: number;
  @ApiProperty({ description: 'from a histogram: within 19 % of the exact 90th percentile' }) p90Hours!: number;
}

const COUNT_BY_KEY = { type: 'object', additionalProperties: { type: 'integer' } } as const;

export class AssistanceFiguresDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'assistances requested in the period (not withdrawn)' })
  requested!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'of those, answered so far' }) answered!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'of those, answered by their deadline' })
  answeredOnTime!: number;
}

@ApiExtraModels(AssistanceFiguresDto)
export class AssistanceMeasuresDto extends AssistanceFiguresDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(AssistanceFiguresDto) },
    description: 'the same figures by the assisting unit (its id)',
  })
  byUnit!: Record<string, AssistanceFiguresDto>;
}

@ApiExtraModels(StageTimeDto)
export class GroupMeasuresDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      "the group's key: a center code, unit id, community code, grid code or category; null: cases not yet routed (center, unit)",
  })
  group!: string | null;
  @ApiProperty({ type: () => RateDto, description: '按期受理率: accepted within the SLA / accepted, in the period' })
  timelyAcceptance!: RateDto;
  @ApiProperty({
    type: () => RateDto,
    description: '化解率: closed RESOLVED / closed (not REJECTED or MERGED), in the period',
  })
  resolution!: RateDto;
  @ApiProperty({ type: () => RateDto, description: '满意率: SATISFIED + BASICALLY_SATISFIED / rated, in the period' })
  satisfaction!: RateDto;
  @ApiProperty({ type: () => RateDto, description: 'closed cases that had been reopened / closed, in the period' })
  reopen!: RateDto;
  @ApiProperty({ ...COUNT_BY_KEY, description: 'open cases by stage, as of now (stages without any left out)' })
  openByStage!: Record<string, number>;
  @ApiProperty({
    ...COUNT_BY_KEY,
    description: 'open cases past their stage deadline by stage, as of now (stages without any left out)',
  })
  overdueByStage!: Record<string, number>;
  @ApiProperty({ ...COUNT_BY_KEY, description: 'escalations raised in the period by level ("1", "2", "3")' })
  escalationsByLevel!: Record<string, number>;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description:
      "上交: cases that went up a level in the period (a community-level unit's UNRESOLVED case transferred to the street-level unit of the same center); counted for the case's groups after the transfer",
  })
  upALevel!: number;
  @ApiProperty({
    type: () => AssistanceMeasuresDto,
    description:
      "协办: assistances the group's cases asked of other units, requested in the period (counted on the day of the request), answered, answered on time; byUnit: by the assisting unit",
  })
  assistance!: AssistanceMeasuresDto;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(StageTimeDto) },
    description: 'time spent per stage, by the stage visits that ended in the period',
  })
  timePerStage!: Record<string, StageTimeDto>;
}

export class StatsDto {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ enum: MEASURE_DIMS }) groupBy!: string;
  @ApiProperty({ type: [GroupMeasuresDto], description: 'one per group, in key order (null last)' })
  groups!: GroupMeasuresDto[];
}
