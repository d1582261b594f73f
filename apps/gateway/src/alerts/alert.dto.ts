import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { ListQueryDto } from '../common/list-query.dto';

export class AlertViewDto {
  @ApiProperty() id!: string;
  @ApiProperty() caseId!: string;
  @ApiProperty({ type: String, nullable: true }) caseNo!: string | null;
  @ApiProperty() stage!: string;
  @ApiProperty({ enum: ['WARNING', 'ESCALATION'] }) kind!: string;
  @ApiProperty({ minimum: 0, maximum: 3 }) level!: number;
  @ApiProperty({ type: String, nullable: true }) deadline!: string | null;
  @ApiProperty() raisedAt!: string;
  @ApiPropertyOptional() acknowledgedAt?: string;
  @ApiPropertyOptional() acknowledgedBy?: string;
  @ApiProperty({
    enum: ['SUPERVISION_ORDER', 'REOPENED', 'KEY_PERSON_VISIT', 'SCREENING_DRIVE', 'ASSISTANCE'],
    nullable: true,
    description:
      "why beyond the stage's own deadline: a supervision order's ladder (督办单), or the second reopening; KEY_PERSON_VISIT: a key person's " +
      "visit (走访) is due or missed, and caseId is then the key person's id (stage KEY_PERSON_VISIT, no caseNo, deadline: the visit's due time); SCREENING_DRIVE: " +
      "a grid of a screening drive (大排查) has no screening at 80 % of the period (WARNING) or at its end (level 1), and caseId is then the drive's id " +
      '(stage SCREENING_DRIVE, no caseNo, deadline: the end of the drive); ' +
      "ASSISTANCE: an assistance (协办) asked of another unit is due or overdue, raised on the assisting unit's center (deadline: the assistance's)",
  })
  reason!: 'SUPERVISION_ORDER' | 'REOPENED' | 'KEY_PERSON_VISIT' | 'SCREENING_DRIVE' | 'ASSISTANCE' | null;
}

export class AlertListDto {
  @ApiProperty({ type: [AlertViewDto] }) items!: AlertViewDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class AlertListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'false: only those still waiting for a person' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  acknowledged?: boolean;
}
