import { ApiProperty } from '@nestjs/swagger';
import { CASE_STATUSES, STAGES } from '@app/domain/enums';

/** What a party sees by receipt code: nothing personal. */
export class PublicCaseDto {
  @ApiProperty({ type: String, example: 'JF-2026-000123', nullable: true }) caseNo!: string | null;
  @ApiProperty({ enum: STAGES, example: 'HANDLING' }) stage!: string;
  @ApiProperty({ enum: CASE_STATUSES, example: 'OPEN' }) status!: string;
  @ApiProperty() updatedAt!: string;
}
