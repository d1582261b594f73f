import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@app/persistence/password-hash';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  CATEGORIES,
  CENTER_CODES,
  CHAIN_STAGES,
  GRID_LEVELS,
  ROLES,
  SEVERITIES,
  SLA_CLASSES,
  UNIT_LEVELS,
  type Category,
  type CenterCode,
  type ChainStage,
  type GridLevel,
  type Role,
  type Severity,
  type SlaClass,
  type UnitLevel,
} from '@app/domain/enums';
import { IsDateOnly } from '../common/date-validators';
import { ApiSchemaRules } from '../openapi/contract-completion';

// ---- users ----

/** Optional, but not nullable: unlike @IsOptional, a null is validated (and refused). */
const IsPresent = () => ValidateIf((_, value) => value !== undefined);

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export class CreateUserDto {
  @ApiProperty({ example: 'clerk2', description: '1 to 64 letters, digits, . _ @ -; unique' })
  @IsString()
  @Matches(USERNAME, {
    message: 'username must be 1 to 64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit',
  })
  username!: string;

  @ApiProperty({ example: '赵丽' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName!: string;

  @ApiProperty({
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    description: 'stored hashed (argon2id), never returned',
  })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  @ApiPropertyOptional({
    enum: CENTER_CODES,
    description: 'the center the person works for (a level-1 supervisor: the center they lead)',
  })
  @IsOptional()
  @IsIn(CENTER_CODES)
  centerCode?: CenterCode;

  @ApiPropertyOptional({ type: [String], description: 'unit pools (ids from GET /api/meta/territory)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  unitIds?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 3, description: 'SUPERVISOR only, and required for one' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3)
  supervisorLevel?: number;

  @ApiPropertyOptional({
    example: 'JF-C01-G02',
    description: "GRID_WORKER: the grid they patrol; REPORTER: their resident group's grid (set from the group)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  gridCode?: string;

  @ApiPropertyOptional({
    example: 'JF-C01-G01-R01',
    description: 'REPORTER only, and required for one: the resident group (居民小组) they report for',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  residentGroupCode?: string;
}

/** Any of the fields; `null` clears centerCode, supervisorLevel or gridCode. */
@ApiSchemaRules({ minProperties: 1 }) // AdminUsersService: "give at least one field to change"
export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsPresent()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName?: string;

  @ApiPropertyOptional({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @IsPresent()
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @IsPresent()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ enum: CENTER_CODES, nullable: true })
  @IsOptional()
  @IsIn(CENTER_CODES)
  centerCode?: CenterCode | null;

  @ApiPropertyOptional({ type: [String] })
  @IsPresent()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  unitIds?: string[];

  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 3, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3)
  supervisorLevel?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  gridCode?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'REPORTER only: their resident group' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  residentGroupCode?: string | null;

  @ApiPropertyOptional({ description: 'false: the account can no longer sign in' })
  @IsPresent()
  @IsBoolean()
  active?: boolean;
}

export class UserDto {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: string[];
  @ApiPropertyOptional({ enum: CENTER_CODES }) centerCode?: string;
  @ApiProperty({ type: [String] }) unitIds!: string[];
  @ApiPropertyOptional({ minimum: 1, maximum: 3 }) supervisorLevel?: number;
  @ApiPropertyOptional() gridCode?: string;
  @ApiPropertyOptional({ description: 'REPORTER: their resident group (居民小组)' }) residentGroupCode?: string;
  @ApiProperty() active!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class UserListDto {
  @ApiProperty({ type: [UserDto] }) items!: UserDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

// ---- routing rules ----

export class RoutingRuleDto {
  @ApiProperty({ enum: CATEGORIES })
  @IsIn(CATEGORIES)
  category!: Category;

  @ApiPropertyOptional({ enum: [...GRID_LEVELS, '*'], description: "omitted or '*': any grid level" })
  @IsOptional()
  @IsIn([...GRID_LEVELS, '*'])
  gridLevel?: GridLevel | '*';

  @ApiPropertyOptional({ enum: [...SEVERITIES, '*'], description: "omitted or '*': any severity" })
  @IsOptional()
  @IsIn([...SEVERITIES, '*'])
  severity?: Severity | '*';

  @ApiProperty({ enum: CENTER_CODES })
  @IsIn(CENTER_CODES)
  centerCode!: CenterCode;

  @ApiProperty({ enum: UNIT_LEVELS })
  @IsIn(UNIT_LEVELS)
  unitLevel!: UnitLevel;

  @ApiProperty({ enum: SLA_CLASSES })
  @IsIn(SLA_CLASSES)
  slaClass!: SlaClass;
}

export class RoutingRulesDto {
  @ApiProperty({
    type: [RoutingRuleDto],
    description: 'the whole table, in order: the most specific matching row wins, the first among equals',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => RoutingRuleDto)
  rules!: RoutingRuleDto[];
}

// ---- SLA policy ----

export class SlaRuleDto {
  @ApiProperty({ enum: CHAIN_STAGES })
  @IsIn(CHAIN_STAGES)
  stage!: ChainStage;

  @ApiProperty({ enum: SLA_CLASSES })
  @IsIn(SLA_CLASSES)
  slaClass!: SlaClass;

  @ApiPropertyOptional({ minimum: 1, description: 'working days on the office calendar (give this or duration)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(366)
  workingDays?: number;

  @ApiPropertyOptional({
    example: 'PT2H',
    description:
      'ISO 8601 duration of calendar time in weeks, days, hours, minutes, seconds (give this or workingDays)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  // The shape parseIsoDuration reads (libs/domain/src/sla), without its look-aheads: P2W, P7D, PT2H, P1DT12H, PT90M …
  @Matches(/^P(?:\d+W|\d+D|(?:\d+D)?T(?:\d+H(?:\d+M)?(?:\d+S)?|\d+M(?:\d+S)?|\d+S))$/, {
    message:
      'duration must be an ISO 8601 duration in weeks, days, hours, minutes or seconds, such as PT2H, P7D or P2W (months and years have no fixed length)',
  })
  duration?: string;

  @ApiPropertyOptional({ description: 'the override for urgent cases of this stage and class' })
  @IsOptional()
  @IsBoolean()
  urgent?: boolean;
}

export class EscalationStepsDto {
  @ApiProperty({ minimum: 0, description: 'level 2 this many ms after the deadline (instead of 1 working day)' })
  @IsInt()
  @Min(0)
  level2AfterMs!: number;

  @ApiProperty({ minimum: 0, description: 'level 3 this many ms after the deadline (instead of 3 working days)' })
  @IsInt()
  @Min(0)
  level3AfterMs!: number;
}

export class SlaPolicyDto {
  @ApiProperty({
    type: [SlaRuleDto],
    description: 'one rule per stage and class (plus urgent overrides); PUT replaces the whole set',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => SlaRuleDto)
  rules!: SlaRuleDto[];

  @ApiPropertyOptional({ type: EscalationStepsDto, description: 'drills and tests: calendar-time escalation steps' })
  @IsOptional()
  @ValidateNested()
  @Type(() => EscalationStepsDto)
  escalationSteps?: EscalationStepsDto;

  @ApiPropertyOptional({ description: 'SUPERVISION of a SIMPLE case is approved by the system' })
  @IsOptional()
  @IsBoolean()
  autoApproveSimple?: boolean;

  @ApiPropertyOptional({
    minimum: 1,
    description: 'drills and tests: one working day of an extension lasts this many ms',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  workingDayMs?: number;
}

// ---- calendar ----

/** One year of the office calendar (the year is in the path): what GET answers, PUT takes back. */
export class CalendarGapDto {
  @ApiProperty({ example: 2028 }) year!: number;
  @ApiProperty({ description: 'when a deadline was first computed into it' }) firstSeenAt!: string;
  @ApiProperty() lastSeenAt!: string;
  @ApiProperty({ description: 'deadline computations that fell back to Monday to Friday' }) lookups!: number;
}

export class CalendarGapListDto {
  @ApiProperty({ type: [CalendarGapDto] }) items!: CalendarGapDto[];
  @ApiProperty({ type: String, nullable: true, description: 'always null: a handful of years' }) nextCursor!:
    string | null;
}

export class CalendarYearDto {
  @ApiProperty({
    type: [String],
    example: ['2026-10-01', '2026-10-02'],
    description: 'statutory days off (YYYY-MM-DD)',
  })
  @IsArray()
  @ArrayMaxSize(366)
  @IsDateOnly({ each: true })
  holidays!: string[];

  @ApiProperty({ type: [String], example: ['2026-10-10'], description: 'make-up working weekend days (调休)' })
  @IsArray()
  @ArrayMaxSize(366)
  @IsDateOnly({ each: true })
  workdays!: string[];
}
