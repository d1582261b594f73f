import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import {
  ASSISTANCE_STATUSES,
  MAX_ASSISTANCE_WORKING_DAYS,
  MAX_INSTRUCTION_LENGTH,
  MAX_REPORT_LENGTH,
  MAX_WITHDRAW_REASON_LENGTH,
  MIN_ASSISTANCE_WORKING_DAYS,
} from '@app/domain/assistance/assistance-rules';
import { CATEGORIES } from '@app/domain/enums';
import { ListQueryDto } from '../common/list-query.dto';

export class RequestAssistanceDto {
  @ApiProperty({
    description: "the assisting unit (司法所, 派出所联络室, 法律顾问, another center's unit): not the case's own",
  })
  @IsUUID()
  unitId!: string;

  @ApiProperty({ maxLength: MAX_INSTRUCTION_LENGTH, description: 'what the assisting unit is asked to do' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_INSTRUCTION_LENGTH)
  instruction!: string;

  @ApiProperty({
    minimum: MIN_ASSISTANCE_WORKING_DAYS,
    maximum: MAX_ASSISTANCE_WORKING_DAYS,
    description: 'the deadline, in working days of the office calendar from the request',
  })
  @IsInt()
  @Min(MIN_ASSISTANCE_WORKING_DAYS)
  @Max(MAX_ASSISTANCE_WORKING_DAYS)
  workingDays!: number;
}

export class WithdrawAssistanceDto {
  @ApiProperty({ maxLength: MAX_WITHDRAW_REASON_LENGTH, description: 'why the assistance is no longer needed' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_WITHDRAW_REASON_LENGTH)
  reason!: string;
}

export class AnswerAssistanceDto {
  @ApiProperty({ maxLength: MAX_REPORT_LENGTH, description: "the assisting unit's report (协办报告)" })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_REPORT_LENGTH)
  report!: string;
}

export class AssistanceListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({
    enum: ['pool', 'mine', 'done'],
    default: 'pool',
    description:
      'pool: open, unclaimed assistances asked of my units; mine: those I claimed and have not answered; done: those I answered (newest first)',
  })
  @IsOptional()
  @IsIn(['pool', 'mine', 'done'])
  scope?: 'pool' | 'mine' | 'done';
}

export class AssistanceDto {
  @ApiProperty() id!: string;
  @ApiProperty() caseId!: string;
  @ApiProperty({ type: String, nullable: true }) caseNo!: string | null;
  @ApiProperty({ description: "the case's summary (no personal data)" }) caseSummary!: string;
  @ApiProperty({ enum: CATEGORIES }) caseCategory!: string;
  @ApiProperty({ description: 'the assisting unit' }) unitId!: string;
  @ApiProperty({ type: String, nullable: true, description: "the assisting unit's name" }) unitName!: string | null;
  @ApiProperty({ description: "the assisting unit's center: its supervisors hear of an overdue assistance" })
  centerCode!: string;
  @ApiProperty() instruction!: string;
  @ApiProperty({ type: 'integer' }) workingDays!: number;
  @ApiProperty({ description: 'the mediator who requested it' }) requestedBy!: string;
  @ApiProperty({ type: String, nullable: true }) requestedByName!: string | null;
  @ApiProperty() requestedAt!: string;
  @ApiProperty() deadline!: string;
  @ApiProperty({ enum: ASSISTANCE_STATUSES, description: 'OPEN and CLAIMED are open: handling cannot complete' })
  status!: string;
  @ApiProperty({ type: String, nullable: true, description: 'the mediator of the assisting unit who claimed it' })
  assigneeId!: string | null;
  @ApiProperty({ type: String, nullable: true }) assigneeName!: string | null;
  @ApiProperty({ type: String, nullable: true }) claimedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) answeredAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) report!: string | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'answered by the deadline; null until answered' })
  onTime!: boolean | null;
  @ApiProperty({ type: String, nullable: true }) withdrawnAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "the withdrawal's reason (CASE_CLOSED: the case closed)" })
  withdrawReason!: string | null;
  @ApiProperty({ type: 'integer', description: 'the highest alert raised: -1 none, 0 the warning, 1–3 escalations' })
  alertLevel!: number;
  @ApiProperty({ description: 'open and past its deadline' }) overdue!: boolean;
}

export class AssistanceListDto {
  @ApiProperty({ type: [AssistanceDto] }) items!: AssistanceDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
