import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { BRIEFING_SECTIONS } from '@app/domain/briefing/briefing';
import { IsDateTime } from '../common/date-validators';
import { ListQueryDto } from '../common/list-query.dto';

const COUNT_BY_KEY = { type: 'object', additionalProperties: { type: 'integer' } } as const;

/** POST /api/briefings: a month, or a period (from and to). */
export class CreateBriefingDto {
  @ApiPropertyOptional({
    example: '2026-11',
    description: 'an office month (UTC+8) that has ended; or give from and to instead',
  })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })
  month?: string;

  @ApiPropertyOptional({ description: 'period start (inclusive); not with month' })
  @IsOptional()
  @IsDateTime()
  from?: string;

  @ApiPropertyOptional({ description: 'period end (exclusive), with from; not in the future; default: now' })
  @IsOptional()
  @IsDateTime()
  to?: string;
}

export class BriefingListQueryDto extends ListQueryDto {}

export class BriefingRateDto {
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: 'integer' }) count!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'count / total, 0..1; null when nothing was counted' })
  rate!: number | null;
}

export class BriefingRowDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: "the group's key (center code, unit id, community code); null: cases not yet routed",
  })
  group!: string | null;
  @ApiProperty({ description: "the group's name when the briefing was generated" }) name!: string;
  @ApiProperty({ type: () => BriefingRateDto, description: '按期受理率, as GET /api/stats' })
  timelyAcceptance!: BriefingRateDto;
  @ApiProperty({ type: () => BriefingRateDto, description: '化解率, as GET /api/stats' })
  resolution!: BriefingRateDto;
  @ApiProperty({ type: () => BriefingRateDto, description: '满意率, as GET /api/stats' })
  satisfaction!: BriefingRateDto;
  @ApiProperty({ type: 'integer', description: 'open cases as of the generation' }) open!: number;
  @ApiProperty({ type: 'integer', description: 'open cases past their stage deadline as of the generation' })
  overdue!: number;
  @ApiProperty({ ...COUNT_BY_KEY, description: 'overdue by stage (stages without any left out)' })
  overdueByStage!: Record<string, number>;
  @ApiProperty({ type: 'integer', description: 'escalations raised in the period' }) escalations!: number;
  @ApiProperty({ ...COUNT_BY_KEY, description: 'escalations raised in the period by level ("1", "2", "3")' })
  escalationsByLevel!: Record<string, number>;
  @ApiProperty({
    type: () => BriefingRateDto,
    nullable: true,
    description: "协办按时率; null: no figure (see the section's extras)",
  })
  assistanceOnTime!: BriefingRateDto | null;
  @ApiProperty({
    type: () => BriefingRateDto,
    nullable: true,
    description: "排查覆盖率; null: no figure (see the section's extras)",
  })
  screeningCoverage!: BriefingRateDto | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'the mean of the three rates that have a denominator, percent with one decimal',
  })
  score!: number | null;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: '1 = best (docs/briefing.md); null: not ranked (no rate counted, or no group key)',
  })
  rank!: number | null;
}

export class BriefingExtrasDto {
  @ApiProperty({ description: 'whether 协办按时率 is counted for this grouping (false: 暂无数据)' })
  assistanceOnTime!: boolean;
  @ApiProperty({
    description: 'whether 排查覆盖率 is counted for this grouping (false: 暂无数据; units do not screen grids)',
  })
  screeningCoverage!: boolean;
}

export class BriefingSectionDto {
  @ApiProperty({ enum: BRIEFING_SECTIONS }) key!: string;
  @ApiProperty({ type: () => BriefingExtrasDto }) extras!: BriefingExtrasDto;
  @ApiProperty({ type: [BriefingRowDto], description: 'ranked groups by rank, then the unranked ones' })
  rows!: BriefingRowDto[];
}

export class BriefingFiguresDto {
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-11' }) month!: string | null;
  @ApiProperty({ format: 'date-time', description: 'when the figures were read (open and overdue as of then)' })
  asOf!: string;
  @ApiProperty() streetName!: string;
  @ApiProperty({ type: () => BriefingRowDto, description: "the street: the center section's groups added up" })
  total!: BriefingRowDto;
  @ApiProperty({ type: [BriefingSectionDto], description: 'center, unit, community' })
  sections!: BriefingSectionDto[];
}

export class BriefingSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['MONTHLY', 'ON_DEMAND'] }) kind!: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-11' }) month!: string | null;
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null: the monthly Schedule' })
  generatedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) generatedByName!: string | null;
}

export class BriefingDto extends BriefingSummaryDto {
  @ApiProperty({ type: () => BriefingFiguresDto }) figures!: BriefingFiguresDto;
}

export class BriefingListDto {
  @ApiProperty({ type: [BriefingSummaryDto] }) items!: BriefingSummaryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
