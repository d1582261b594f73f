import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { DRIVE_MAX_GRIDS, SCREENING_MAX_FINDINGS } from '@app/domain/screening/drive-rules';
import { IsDateTime } from '../common/date-validators';
import { ListQueryDto } from '../common/list-query.dto';
import { CreateDisputeDto } from '../disputes/dispute.dto';

const CODE = /^[A-Za-z0-9-]{1,40}$/;

export class OpenDriveDto {
  @ApiProperty({ example: '2026年冬季矛盾纠纷大排查', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'default: now; at most one day in the past',
    example: '2026-12-01T08:00:00+08:00',
  })
  @IsOptional()
  @IsDateTime()
  startsAt?: string;

  @ApiProperty({
    format: 'date-time',
    description: 'at least one minute after startsAt',
    example: '2026-12-15T18:00:00+08:00',
  })
  @IsDateTime()
  endsAt!: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['JF-C01'],
    description: 'communities covered: every active base grid of each (communityCodes and/or gridCodes, not neither)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(CODE, { each: true, message: 'each of communityCodes must be a community code such as JF-C01' })
  communityCodes?: string[];

  @ApiPropertyOptional({ type: [String], example: ['JF-C02-G03'], description: 'base grids covered besides' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(DRIVE_MAX_GRIDS)
  @Matches(CODE, { each: true, message: 'each of gridCodes must be a grid code such as JF-C01-G01' })
  gridCodes?: string[];
}

/** A finding: a report as the grid desk's form makes it, in the screening worker's grid, through GRID_PATROL. */
export class FindingDto extends OmitType(CreateDisputeDto, ['channel', 'gridCode', 'acceptNow'] as const) {}

export class RecordScreeningDto {
  @ApiPropertyOptional({ description: 'true: the grid was screened and nothing was found (未发现); then no findings' })
  @IsOptional()
  @IsBoolean()
  nothingFound?: boolean;

  @ApiPropertyOptional({
    type: [FindingDto],
    description: `each becomes a report in 发现 (channel GRID_PATROL, linked to the drive); 1 to ${SCREENING_MAX_FINDINGS} unless nothingFound`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SCREENING_MAX_FINDINGS)
  @ValidateNested({ each: true })
  @Type(() => FindingDto)
  findings?: FindingDto[];

  @ApiPropertyOptional({ maxLength: 2000, description: 'what was screened, how' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class DriveListQueryDto extends ListQueryDto {}

export class CommunityCoverageDto {
  @ApiProperty({ example: 'JF-C01' }) communityCode!: string;
  @ApiProperty({ type: String, nullable: true, example: '新村社区' }) communityName!: string | null;
  @ApiProperty({ description: 'grids of the community the drive covers' }) covered!: number;
  @ApiProperty({ description: 'of them, screened' }) screened!: number;
  @ApiProperty({ description: 'of them, screened with findings' }) withFindings!: number;
  @ApiProperty() findings!: number;
}

export class DriveDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty({ format: 'date-time', description: 'the warning to unscreened grids: 80 % of the period' })
  warningAt!: string;
  @ApiProperty({ enum: ['SCHEDULED', 'OPEN', 'CLOSED'] }) status!: 'SCHEDULED' | 'OPEN' | 'CLOSED';
  @ApiProperty({ type: [String] }) communityCodes!: string[];
  @ApiProperty({ type: [String] }) gridCodes!: string[];
  @ApiProperty({ format: 'uuid' }) openedBy!: string;
  @ApiProperty({ type: String, nullable: true }) openedByName!: string | null;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: "set when the drive's workflow ended it",
  })
  closedAt!: string | null;
  @ApiProperty({ description: 'grids covered' }) covered!: number;
  @ApiProperty({ description: 'grids screened' }) screened!: number;
  @ApiProperty({ description: 'findings reported' }) findings!: number;
}

export class DriveListDto {
  @ApiProperty({ type: [DriveDto] }) items!: DriveDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class DriveGridDto {
  @ApiProperty({ example: 'JF-C01-G01' }) gridCode!: string;
  @ApiProperty({ type: String, nullable: true }) gridName!: string | null;
  @ApiProperty({ example: 'JF-C01' }) communityCode!: string;
  @ApiProperty() screened!: boolean;
  @ApiProperty({ type: Boolean, nullable: true, description: 'null while not screened' }) nothingFound!: boolean | null;
  @ApiProperty() findingCount!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) screenedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) screenedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) screenedByName!: string | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'screened after the end' }) late!: boolean | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
}

export class DriveFindingDto {
  @ApiProperty({ example: 'JF-C01-G01' }) gridCode!: string;
  @ApiProperty({ format: 'uuid', description: 'the case (dispute) the finding became' }) caseId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null while the case is in 发现' }) caseNo!: string | null;
  @ApiProperty({ type: String, nullable: true }) summary!: string | null;
  @ApiProperty({ type: String, nullable: true }) category!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "the case's stage now" }) stage!: string | null;
  @ApiProperty({ type: String, nullable: true }) status!: string | null;
}

export class DriveEventDto {
  @ApiProperty() seq!: number;
  @ApiProperty({
    enum: ['DriveOpened', 'GridScreened', 'DriveWarningRaised', 'DriveEscalated', 'DriveClosed'],
  })
  type!: string;
  @ApiProperty({ description: "the account's id, or system" }) actorId!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload!: Record<string, unknown>;
}

export class DriveDetailDto extends DriveDto {
  @ApiProperty({ type: [CommunityCoverageDto], description: 'coverage by community, by code' })
  coverage!: CommunityCoverageDto[];
  @ApiProperty({ type: [DriveGridDto], description: 'every grid covered, by code' }) grids!: DriveGridDto[];
  @ApiProperty({ type: [DriveFindingDto], description: 'the findings and the cases they became' })
  cases!: DriveFindingDto[];
  @ApiProperty({ type: [DriveEventDto], description: "the drive's record, oldest first" }) events!: DriveEventDto[];
}

/** A grid worker's view of a drive: the drive and their own grid's screening. */
export class MyDriveDto extends DriveDto {
  @ApiProperty({ type: DriveGridDto, description: "the worker's own grid in the drive" }) myGrid!: DriveGridDto;
}

export class MyDriveListDto {
  @ApiProperty({ type: [MyDriveDto] }) items!: MyDriveDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
