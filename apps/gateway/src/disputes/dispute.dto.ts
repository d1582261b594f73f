import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CATEGORIES, CHANNELS, PARTY_ROLES, type Category, type Channel, type PartyRole } from '@app/domain/enums';

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
  @IsISO8601({ strict: true })
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

export class CaseViewDto {
  @ApiProperty() id!: string;
  @ApiPropertyOptional() caseNo?: string;
  @ApiPropertyOptional() receiptCode?: string;
  @ApiProperty() stage!: string;
  @ApiProperty() status!: string;
  @ApiProperty() category!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ type: [PartyDto] }) parties!: PartyDto[];
  @ApiProperty() gridCode!: string;
  @ApiPropertyOptional() centerCode?: string;
  @ApiPropertyOptional() unitId?: string;
  @ApiPropertyOptional() assigneeId?: string;
  @ApiProperty() severity!: string;
  @ApiProperty() slaClass!: string;
  @ApiPropertyOptional() stageDeadline?: string;
  @ApiProperty() overdue!: boolean;
  @ApiProperty() escalationLevel!: number;
  @ApiProperty() reopenCount!: number;
  @ApiPropertyOptional() resolution?: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
