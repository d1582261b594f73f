import { ApiProperty } from '@nestjs/swagger';

/** What a party sees by receipt code: nothing personal. */
export class PublicCaseDto {
  @ApiProperty({ example: 'JF-2026-000123', nullable: true }) caseNo!: string | null;
  @ApiProperty({ example: 'HANDLING' }) stage!: string;
  @ApiProperty({ example: 'OPEN' }) status!: string;
  @ApiProperty() updatedAt!: string;
}
