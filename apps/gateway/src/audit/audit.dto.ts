import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { IsDateTime } from '../common/date-validators';
import { ListQueryDto } from '../common/list-query.dto';
import { AUDIT_KINDS, type AuditKind } from './audit.service';

export class AuditQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: AUDIT_KINDS, description: 'only entries of this kind' })
  @IsOptional()
  @IsIn(AUDIT_KINDS)
  kind?: AuditKind;

  @ApiPropertyOptional({
    description: 'only entries by this username (for a failed sign-in: the name that was tried)',
    example: 'admin',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, {
    message: 'actor must be a username: 1 to 64 letters, digits, ".", "_", "@" or "-"',
  })
  actor?: string;

  @ApiPropertyOptional({ description: 'from this instant (inclusive)' })
  @IsOptional()
  @IsDateTime()
  from?: string;

  @ApiPropertyOptional({ description: 'until this instant (exclusive)' })
  @IsOptional()
  @IsDateTime()
  to?: string;
}

export class AuditEventDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'when it was recorded' }) at!: string;
  @ApiProperty({ enum: AUDIT_KINDS }) kind!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the acting account; null for a sign-in under an unknown name',
  })
  actorId!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the acting username (for a failed sign-in: the name that was tried)',
  })
  actorUsername!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "the client's address" }) clientAddress!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "the request's X-Request-Id, as in the logs" }) requestId!:
    string | null;
  @ApiProperty({ type: String, nullable: true, description: 'user, case or setting' }) targetType!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "the user's or case's id, or the setting (routing-rules, sla-policy, calendar/2026)",
  })
  targetId!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'a change: `before` and `after` (the fields that changed); a refused sign-in: `reason`; a reveal: `view`, `caseNo`, `fields`, `parties`',
  })
  details!: Record<string, unknown>;
}

export class AuditListDto {
  @ApiProperty({ type: [AuditEventDto] }) items!: AuditEventDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
