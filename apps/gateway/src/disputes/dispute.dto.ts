import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CaseKeyPersonDto } from '../key-persons/key-person.dto';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
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
  CASE_STATUSES,
  CENTER_CODES,
  CHANNELS,
  EVENT_TYPES,
  FEEDBACK_CHANNELS,
  OUTCOMES,
  PARTY_ROLES,
  RATINGS,
  RESOLUTIONS,
  SEVERITIES,
  SLA_CLASSES,
  STAGES,
  type Category,
  type CenterCode,
  type Channel,
  type FeedbackChannel,
  type Outcome,
  type PartyRole,
  type Rating,
  type Severity,
  type SlaClass,
} from '@app/domain/enums';
import { IsDateOnly, IsDateTime } from '../common/date-validators';
import { ListQueryDto } from '../common/list-query.dto';
import { ApiSchemaRules } from '../openapi/contract-completion';

export class PartyDto {
  @ApiProperty({ enum: PARTY_ROLES })
  @IsIn(PARTY_ROLES)
  role!: PartyRole;

  @ApiProperty({ example: '张三' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ example: '13800138000' })
  @IsOptional()
  @Matches(/^\+?[0-9][0-9-]{5,19}$/, { message: 'phone must be 6 to 20 digits (a leading + and dashes allowed)' })
  phone?: string;

  @ApiPropertyOptional({ example: '330102199001011234' })
  @IsOptional()
  @Matches(/^[0-9]{17}[0-9Xx]$/, { message: 'idNumber must be an 18-character resident ID number' })
  idNumber?: string;
}

/** A party as a case shows it: phone and ID number masked for the roles the case view masks them for. */
export class PartyViewDto {
  @ApiProperty({ enum: PARTY_ROLES }) role!: PartyRole;
  @ApiProperty({ example: '张三' }) name!: string;
  @ApiPropertyOptional({ example: '138****8000' }) phone?: string;
  @ApiPropertyOptional({ example: '330102**********34' }) idNumber?: string;
}

export class CreateDisputeDto {
  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel!: Channel;

  @ApiProperty({ enum: CATEGORIES })
  @IsIn(CATEGORIES)
  category!: Category;

  @ApiProperty({ example: '楼上漏水纠纷', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  summary!: string;

  @ApiProperty({ maxLength: 5000 })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  description!: string;

  @ApiProperty({ example: 'JF-C01-G01', description: 'grid code from GET /api/meta/territory' })
  @IsString()
  @MaxLength(32)
  gridCode!: string;

  @ApiProperty({ maxLength: 300 })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  address!: string;

  @ApiPropertyOptional({ example: '2026-11-28T09:30:00+08:00' })
  @IsOptional()
  @IsDateTime()
  occurredAt?: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  urgent?: boolean;

  @ApiPropertyOptional({ default: false, description: 'CLERK only: a walk-in accepted at once' })
  @IsOptional()
  @IsBoolean()
  acceptNow?: boolean;

  @ApiProperty({ type: [PartyDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PartyDto)
  parties!: PartyDto[];
}

export class CaseExtensionDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'working days' }) days!: number;
  @ApiProperty() reason!: string;
  @ApiProperty({ example: 'REQUESTED' }) status!: string;
}

export class RepeatPartyCaseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null while that case is not accepted yet' }) caseNo!:
    string | null;
}

/** 重复来访: a party of this case had 2 or more other cases (not REJECTED or MERGED) in the 12 months before it was reported. */
export class RepeatPartyDto {
  @ApiProperty({ description: 'how many other cases' }) count!: number;
  @ApiProperty({ type: [RepeatPartyCaseDto], description: 'those cases, newest first' }) cases!: RepeatPartyCaseDto[];
}

export class CaseViewDto {
  @ApiProperty() id!: string;
  @ApiPropertyOptional() caseNo?: string;
  @ApiPropertyOptional() receiptCode?: string;
  @ApiProperty({ enum: STAGES }) stage!: string;
  @ApiProperty({ enum: CASE_STATUSES }) status!: string;
  @ApiProperty({ enum: CATEGORIES }) category!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ type: [PartyViewDto] }) parties!: PartyViewDto[];
  @ApiProperty() gridCode!: string;
  @ApiPropertyOptional() centerCode?: string;
  @ApiPropertyOptional() unitId?: string;
  @ApiPropertyOptional() assigneeId?: string;
  @ApiPropertyOptional({
    description: 'the display name of the mediator who holds the case (one case only, not in lists)',
  })
  assigneeName?: string;
  @ApiProperty({ enum: SEVERITIES }) severity!: string;
  @ApiProperty({ enum: SLA_CLASSES }) slaClass!: string;
  @ApiProperty({ description: 'when the current stage began: its clock runs from here to stageDeadline' })
  stageEnteredAt!: string;
  @ApiPropertyOptional() stageDeadline?: string;
  @ApiProperty() overdue!: boolean;
  @ApiProperty() escalationLevel!: number;
  @ApiProperty() reopenCount!: number;
  @ApiProperty({
    type: () => RepeatPartyDto,
    nullable: true,
    description: 'the repeat-party flag kept from intake; null: none',
  })
  repeatParty!: RepeatPartyDto | null;
  @ApiPropertyOptional({
    type: [CaseKeyPersonDto],
    description:
      "the key persons (重点人员) a party matched at intake; only for the register's users (CLERK, SUPERVISOR), absent for everyone else",
  })
  keyPersons?: CaseKeyPersonDto[];
  @ApiPropertyOptional({ enum: RESOLUTIONS }) resolution?: string;
  @ApiPropertyOptional({
    enum: OUTCOMES,
    description:
      'the outcome handling completed with, while the case is past HANDLING (UNRESOLVED at a community-level unit: the case may go up a level)',
  })
  handlingOutcome?: string;
  @ApiPropertyOptional({ type: () => CaseExtensionDto, description: 'the one extension of the case, if requested' })
  extension?: CaseExtensionDto;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

const TEXT = 2000;

export class ReasonDto {
  @ApiProperty({ maxLength: TEXT })
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  reason!: string;
}

export class MergeDto {
  @ApiProperty({ description: 'id of the open case this one duplicates' })
  @IsUUID()
  intoId!: string;
}

export class RouteDto {
  @ApiProperty({ enum: CENTER_CODES })
  @IsIn(CENTER_CODES)
  centerCode!: CenterCode;

  @ApiProperty()
  @IsUUID()
  unitId!: string;

  @ApiProperty({ enum: SEVERITIES })
  @IsIn(SEVERITIES)
  severity!: Severity;

  @ApiPropertyOptional({ enum: SLA_CLASSES, description: "default: the routing suggestion's class" })
  @IsOptional()
  @IsIn(SLA_CLASSES)
  slaClass?: SlaClass;
}

export class TransferDto {
  @ApiProperty({ enum: CENTER_CODES })
  @IsIn(CENTER_CODES)
  centerCode!: CenterCode;

  @ApiProperty()
  @IsUUID()
  unitId!: string;

  @ApiProperty({ maxLength: TEXT })
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  reason!: string;
}

export class ReassignDto {
  @ApiProperty()
  @IsUUID()
  mediatorId!: string;
}

export class HandlingRecordDto {
  @ApiProperty({ maxLength: 5000 })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  note!: string;

  @ApiProperty({ example: '2026-11-28T10:00:00+08:00' })
  @IsDateTime()
  sessionAt!: string;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  participants!: string[];
}

export class AgreementDto {
  @ApiProperty({ maxLength: 5000 })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  terms!: string;

  @ApiProperty({ example: '2026-12-31' })
  @IsDateOnly()
  fulfilBy!: string;
}

@ApiSchemaRules({
  // As the ValidateIf/IsDefined below: an AGREEMENT comes with its agreement.
  anyOf: [
    { properties: { outcome: { enum: OUTCOMES.filter((o) => o !== 'AGREEMENT') } } },
    { required: ['agreement'] },
  ],
})
export class CompleteHandlingDto {
  @ApiProperty({ enum: OUTCOMES })
  @IsIn(OUTCOMES)
  outcome!: Outcome;

  @ApiProperty({ maxLength: 5000 })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  summary!: string;

  @ApiPropertyOptional({ type: AgreementDto, description: 'required with outcome AGREEMENT' })
  @ValidateIf((dto: CompleteHandlingDto) => dto.outcome === 'AGREEMENT' || dto.agreement !== undefined)
  @IsDefined({ message: 'agreement is required when the outcome is AGREEMENT' })
  @ValidateNested()
  @Type(() => AgreementDto)
  agreement?: AgreementDto;
}

export class FollowUpDto {
  @ApiProperty()
  @IsBoolean()
  fulfilled!: boolean;

  @ApiProperty({ maxLength: TEXT })
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  note!: string;
}

export class ExtensionRequestDto {
  @ApiProperty({ minimum: 1, maximum: 15, description: 'working days' })
  @IsInt()
  @Min(1)
  @Max(15)
  days!: number;

  @ApiProperty({ maxLength: TEXT })
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  reason!: string;
}

export class ExtensionDecisionDto {
  @ApiProperty()
  @IsBoolean()
  approve!: boolean;

  @ApiProperty({ maxLength: TEXT })
  @IsString()
  @MaxLength(TEXT)
  note!: string;
}

export class SupervisionOrderDto {
  @ApiProperty({ maxLength: TEXT })
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  instruction!: string;

  @ApiProperty({ example: '2026-12-05T17:00:00+08:00' })
  @IsDateTime()
  deadline!: string;
}

export class FeedbackDto {
  @ApiProperty({ enum: FEEDBACK_CHANNELS })
  @IsIn(FEEDBACK_CHANNELS)
  channel!: FeedbackChannel;

  @ApiProperty({ maxLength: 5000 })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  content!: string;
}

export class EvaluationDto {
  @ApiProperty({ enum: RATINGS })
  @IsIn(RATINGS)
  rating!: Rating;

  @ApiPropertyOptional({ maxLength: TEXT })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  comment?: string;
}

export class DuplicatesQueryDto extends ListQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^\+?[0-9][0-9-]{5,19}$/, { message: 'phone must be 6 to 20 digits (a leading + and dashes allowed)' })
  phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[0-9]{17}[0-9Xx]$/, { message: 'idNumber must be an 18-character resident ID number' })
  idNumber?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(300)
  address?: string;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @IsIn(CATEGORIES)
  category?: Category;
}

export class RoutingSuggestionDto {
  @ApiProperty({ enum: CENTER_CODES }) centerCode!: CenterCode;
  @ApiProperty() unitId!: string;
  @ApiProperty({ enum: SLA_CLASSES }) slaClass!: SlaClass;
  @ApiProperty({ enum: SEVERITIES }) severity!: Severity;
  @ApiProperty({ type: [String] }) reasons!: string[];
  @ApiProperty({
    description: 'a party of the case has 3+ cases in 12 months (DOMAIN.md: repeat party), which makes the case MAJOR',
  })
  repeatParty!: boolean;
  @ApiProperty({
    description:
      '上交: the case goes up a level. Its community-level unit completed handling as UNRESOLVED (now in SUPERVISION), so the suggestion is the street-level unit of the same center, for a transfer',
  })
  upALevel!: boolean;
}

/** Who acted: a user and the role they acted in, or `system` (timers, policy). */
export class TimelineActorDto {
  @ApiProperty({ example: 'b3f1…' }) userId!: string;
  @ApiProperty({ example: 'CLERK' }) role!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '王调解',
    description: "the staff member's display name; null for system and party",
  })
  displayName!: string | null;
}

export class TimelineEventDto {
  @ApiProperty() seq!: number;
  @ApiProperty({ enum: EVENT_TYPES }) type!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ type: TimelineActorDto }) actor!: TimelineActorDto;
  @ApiProperty({ type: 'object', additionalProperties: true, description: "the event's payload" }) data!: Record<
    string,
    unknown
  >;
}

export class CaseListDto {
  @ApiProperty({ type: [CaseViewDto] }) items!: CaseViewDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) nextCursor!: string | null;
}

export class CaseListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: STAGES })
  @IsOptional()
  @IsIn(STAGES)
  stage?: string;

  @ApiPropertyOptional({ enum: CENTER_CODES })
  @IsOptional()
  @IsIn(CENTER_CODES)
  centerCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(32)
  gridCode?: string;

  @ApiPropertyOptional({ description: "the community (村/社区) of the case's grid, e.g. JF-C01", example: 'JF-C01' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  communityCode?: string;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @IsIn(CATEGORIES)
  category?: string;

  @ApiPropertyOptional({ description: 'true: open and past the stage deadline' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: "text in the case number, summary or a party's name" })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  q?: string;
}

export class TaskListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({
    enum: ['pool', 'mine', 'done'],
    default: 'pool',
    description:
      'pool: unclaimed tasks of my pools; mine: tasks I hold; done: cases whose handling I completed, no longer my tasks (newest first)',
  })
  @IsOptional()
  @IsIn(['pool', 'mine', 'done'])
  scope?: 'pool' | 'mine' | 'done';
}

export class TaskItemDto {
  @ApiProperty() caseId!: string;
  @ApiProperty({ type: String, nullable: true }) caseNo!: string | null;
  @ApiProperty({ enum: STAGES }) stage!: string;
  @ApiProperty({ enum: CASE_STATUSES }) status!: string;
  @ApiProperty({ enum: CATEGORIES }) category!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ type: String, nullable: true }) unitId!: string | null;
  @ApiProperty({ type: String, nullable: true }) assigneeId!: string | null;
  @ApiProperty({ enum: SEVERITIES }) severity!: string;
  @ApiProperty({ description: 'when the current stage began: its clock runs from here to stageDeadline' })
  stageEnteredAt!: string;
  @ApiProperty({ type: String, nullable: true }) stageDeadline!: string | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty() escalationLevel!: number;
  @ApiProperty({ type: String, nullable: true, description: 'scope=done: when I completed its handling' }) handledAt!:
    string | null;
}

export class TaskListDto {
  @ApiProperty({ type: [TaskItemDto] }) items!: TaskItemDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

/** A mediator a supervisor may hand a case to. */
export class MediatorDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: '王调解' }) displayName!: string;
}

/** The 409 of a claim that lost the race: who holds the task now. */
export class ClaimedByDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null when the account is gone' }) displayName!:
    string | null;
}

export class ClaimConflictDto {
  @ApiProperty({ example: 409 }) statusCode!: number;
  @ApiProperty({ example: 'Conflict' }) error!: string;
  @ApiProperty({ enum: ['ALREADY_CLAIMED', 'STAGE_CONFLICT'] }) code!: string;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] }) message!:
    string | string[];
  @ApiPropertyOptional({ type: ClaimedByDto, description: 'ALREADY_CLAIMED: the mediator who holds the task' })
  claimedBy?: ClaimedByDto;
}
