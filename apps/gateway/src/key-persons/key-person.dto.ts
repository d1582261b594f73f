import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  KEY_PERSON_REASONS,
  RISK_LEVELS,
  type KeyPersonReason,
  type RiskLevel,
} from '@app/domain/key-persons/visit-ladder';
import { IsDateTime } from '../common/date-validators';
import { ListQueryDto } from '../common/list-query.dto';

const PHONE = /^\+?[0-9][0-9-]{5,19}$/;
const ID_NUMBER = /^[0-9]{17}[0-9Xx]$/;
const GRID_CODE = /^[A-Za-z0-9-]{1,40}$/;

/** A key person (重点人员) as the register shows them; phone and ID number masked in lists. */
export class KeyPersonDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '赵某' }) name!: string;
  @ApiPropertyOptional({ example: '138****8000' }) phone?: string;
  @ApiPropertyOptional({ example: '330102********1234' }) idNumber?: string;
  @ApiProperty({ enum: KEY_PERSON_REASONS, description: 'why the office watches them' }) reason!: KeyPersonReason;
  @ApiPropertyOptional({ type: String, nullable: true }) note?: string | null;
  @ApiProperty({ enum: RISK_LEVELS }) riskLevel!: RiskLevel;
  @ApiProperty({ example: 'JF-C01-G01' }) gridCode!: string;
  @ApiProperty({ format: 'uuid', description: 'the staff member responsible for the visits' }) responsibleId!: string;
  @ApiProperty({ type: String, nullable: true }) responsibleName!: string | null;
  @ApiProperty({
    description: "the responsible staff member's center: its lead receives level-1 alerts of missed visits",
  })
  centerCode!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty({ format: 'date-time' }) registeredAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastVisitAt!: string | null;
  @ApiProperty() visitCount!: number;
  @ApiProperty({
    format: 'date-time',
    description: "the next visit's due time: the last visit (or the registration) plus the risk level's interval",
  })
  nextVisitDue!: string;
  @ApiProperty({ description: 'the next visit is past due' }) overdue!: boolean;
}

export class KeyPersonVisitDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) visitedAt!: string;
  @ApiProperty({ format: 'uuid' }) visitedBy!: string;
  @ApiProperty({ type: String, nullable: true }) visitedByName!: string | null;
  @ApiProperty() note!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

/** A case whose party matched the key person at intake. */
export class KeyPersonCaseLinkDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ type: String, nullable: true }) caseNo!: string | null;
  @ApiProperty({ type: [String], enum: ['phone', 'idNumber'] }) matchedOn!: string[];
  @ApiProperty({ format: 'date-time' }) linkedAt!: string;
}

export class KeyPersonDetailDto extends KeyPersonDto {
  @ApiProperty({ type: [KeyPersonVisitDto], description: 'latest first (up to 100)' }) visits!: KeyPersonVisitDto[];
  @ApiProperty({ type: [KeyPersonCaseLinkDto], description: 'cases whose party matched (up to 200)' })
  cases!: KeyPersonCaseLinkDto[];
}

export class KeyPersonListDto {
  @ApiProperty({ type: [KeyPersonDto] }) items!: KeyPersonDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class KeyPersonListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: RISK_LEVELS })
  @IsOptional()
  @IsIn(RISK_LEVELS)
  riskLevel?: RiskLevel;

  @ApiPropertyOptional({ example: 'JF-C01-G01' })
  @IsOptional()
  @Matches(GRID_CODE, { message: 'gridCode must be a grid code such as JF-C01-G01' })
  gridCode?: string;

  @ApiPropertyOptional({ description: 'false: only those taken off the register' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
}

export class CreateKeyPersonDto {
  @ApiProperty({ example: '赵某' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ example: '13800138000', description: 'phone and/or idNumber: at least one' })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be 6 to 20 digits (a leading + and dashes allowed)' })
  phone?: string;

  @ApiPropertyOptional({ example: '330102199001011234' })
  @IsOptional()
  @Matches(ID_NUMBER, { message: 'idNumber must be an 18-character resident ID number' })
  idNumber?: string;

  @ApiProperty({ enum: KEY_PERSON_REASONS })
  @IsIn(KEY_PERSON_REASONS)
  reason!: KeyPersonReason;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiProperty({ enum: RISK_LEVELS })
  @IsIn(RISK_LEVELS)
  riskLevel!: RiskLevel;

  @ApiProperty({ example: 'JF-C01-G01' })
  @Matches(GRID_CODE, { message: 'gridCode must be a grid code such as JF-C01-G01' })
  gridCode!: string;

  @ApiProperty({ format: 'uuid', description: 'an active CLERK or SUPERVISOR account' })
  @IsUUID()
  responsibleId!: string;
}

export class UpdateKeyPersonDto {
  @ApiPropertyOptional({ example: '赵某' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ example: '13800138000' })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be 6 to 20 digits (a leading + and dashes allowed)' })
  phone?: string;

  @ApiPropertyOptional({ example: '330102199001011234' })
  @IsOptional()
  @Matches(ID_NUMBER, { message: 'idNumber must be an 18-character resident ID number' })
  idNumber?: string;

  @ApiPropertyOptional({ enum: KEY_PERSON_REASONS })
  @IsOptional()
  @IsIn(KEY_PERSON_REASONS)
  reason?: KeyPersonReason;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ enum: RISK_LEVELS })
  @IsOptional()
  @IsIn(RISK_LEVELS)
  riskLevel?: RiskLevel;

  @ApiPropertyOptional({ example: 'JF-C01-G01' })
  @IsOptional()
  @Matches(GRID_CODE, { message: 'gridCode must be a grid code such as JF-C01-G01' })
  gridCode?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  responsibleId?: string;

  @ApiPropertyOptional({ description: 'false: off the register (no more visits due); true: back on it' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class RecordVisitDto {
  @ApiProperty({ example: '上门走访，情绪稳定', minLength: 1, maxLength: 2000 })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  note!: string;

  @ApiPropertyOptional({
    example: '2026-12-01T10:00:00+08:00',
    description: 'when the visit took place (default: now); not in the future',
  })
  @IsOptional()
  @IsDateTime()
  visitedAt?: string;
}

export class VisitRuleDto {
  @ApiProperty({ enum: RISK_LEVELS })
  @IsIn(RISK_LEVELS)
  riskLevel!: RiskLevel;

  @ApiProperty({ example: 'P7D', description: 'ISO 8601 duration of calendar time between two visits' })
  @IsString()
  @MaxLength(40)
  interval!: string;

  @ApiProperty({ example: 'P1D', description: 'level 2 this long after the due time' })
  @IsString()
  @MaxLength(40)
  level2After!: string;

  @ApiProperty({ example: 'P3D', description: 'level 3 this long after the due time' })
  @IsString()
  @MaxLength(40)
  level3After!: string;
}

export class VisitPolicyDto {
  @ApiProperty({ type: [VisitRuleDto], description: 'one rule per risk level' })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => VisitRuleDto)
  rules!: VisitRuleDto[];
}

/** The key persons a case's parties matched at intake (only for the register's users). */
export class CaseKeyPersonDto {
  @ApiProperty({ format: 'uuid' }) keyPersonId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: RISK_LEVELS }) riskLevel!: RiskLevel;
  @ApiProperty({ enum: KEY_PERSON_REASONS }) reason!: KeyPersonReason;
  @ApiProperty({ type: [String], enum: ['phone', 'idNumber'] }) matchedOn!: string[];
}
