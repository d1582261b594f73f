import { Body, Controller, Get, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ResidentGroupRepository } from '@app/persistence/repositories/resident-group.repository';
import { TerritoryRepository } from '@app/persistence/repositories/territory.repository';
import { AdminRoutes } from '../admin/admin-route';
import { ApiError } from '../common/api-error';

export class ResidentGroupDto {
  @ApiProperty({ example: 'JF-C01-G01-R01' }) code!: string;
  @ApiProperty({ example: '新村社区第一居民小组' }) name!: string;
  @ApiProperty({ example: 'JF-C01-G01' }) gridCode!: string;
  @ApiProperty() active!: boolean;
}

export class ResidentGroupListDto {
  @ApiProperty({ type: [ResidentGroupDto] }) items!: ResidentGroupDto[];
  @ApiProperty({ type: String, nullable: true, description: 'always null: every group is on one page' }) nextCursor!:
    string | null;
}

export class CreateResidentGroupDto {
  @ApiProperty({ example: 'JF-C01-G01-R02', description: 'letters, digits and dashes' })
  @Matches(/^[A-Za-z0-9-]{1,40}$/, { message: 'code must be 1 to 40 letters, digits or dashes' })
  code!: string;

  @ApiProperty({ example: '新村社区第二居民小组' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ example: 'JF-C01-G01' })
  @IsString()
  @MaxLength(32)
  gridCode!: string;
}

/** Resident groups (居民小组): the fourth management level, each within a grid; REPORTER accounts belong to one. */
@AdminRoutes()
@Controller('api/admin/resident-groups')
export class ResidentGroupController {
  constructor(
    private readonly groups: ResidentGroupRepository,
    private readonly territory: TerritoryRepository,
  ) {}

  @Get()
  @ApiOperation({ summary: 'every resident group, by grid' })
  @ApiOkResponse({ type: ResidentGroupListDto })
  async list(): Promise<ResidentGroupListDto> {
    return { items: await this.groups.list(), nextCursor: null };
  }

  @Post()
  @ApiOperation({ summary: 'creates a resident group in a grid' })
  @ApiCreatedResponse({ type: ResidentGroupDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: every bad field named' })
  @ApiUnprocessableEntityResponse({ description: 'RULE_VIOLATION: unknown grid' })
  @ApiConflictResponse({ description: 'CONFLICT: the code is taken' })
  async create(@Body() dto: CreateResidentGroupDto): Promise<ResidentGroupDto> {
    if (!(await this.territory.findGrid(dto.gridCode)))
      throw ApiError.rule([`gridCode: unknown grid "${dto.gridCode}"`]);
    if (!(await this.groups.create(dto)))
      throw new ApiError(HttpStatus.CONFLICT, 'CONFLICT', `resident group "${dto.code}" already exists`);
    return { ...dto, active: true };
  }
}
