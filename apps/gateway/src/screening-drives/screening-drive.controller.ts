import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { uuidPipe } from '../common/case-action';
import { ApiTemporalUnavailable } from '../common/temporal-unavailable';
import {
  DriveDetailDto,
  DriveListDto,
  DriveListQueryDto,
  MyDriveDto,
  MyDriveListDto,
  OpenDriveDto,
  RecordScreeningDto,
} from './screening-drive.dto';
import { ScreeningDriveService } from './screening-drive.service';

/** 矛盾纠纷大排查: supervisors open and follow drives, grid workers screen their grids. */
@ApiTags('screening-drives')
@ApiBearerAuth()
@Controller('api/screening-drives')
export class ScreeningDriveController {
  constructor(private readonly drives: ScreeningDriveService) {}

  @Get('mine')
  @Roles('GRID_WORKER')
  @ApiOperation({
    summary: "the drives that cover the grid worker's own grid, newest first, with that grid's screening",
  })
  @ApiOkResponse({ type: MyDriveListDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: bad limit or cursor' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: for grid workers (GRID_WORKER) with a grid only' })
  @ApiUnprocessableEntityResponse({ description: 'RULE_VIOLATION: a cursor this list did not hand out' })
  mine(@CurrentUser() user: AuthUser, @Query() query: DriveListQueryDto): Promise<MyDriveListDto> {
    return this.drives.mine(user, query);
  }

  @Get()
  @Roles('SUPERVISOR')
  @ApiOperation({ summary: 'screening drives, newest first, with their coverage (grids screened / covered)' })
  @ApiOkResponse({ type: DriveListDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: bad limit or cursor' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: for supervisors only' })
  @ApiUnprocessableEntityResponse({ description: 'RULE_VIOLATION: a cursor this list did not hand out' })
  list(@Query() query: DriveListQueryDto): Promise<DriveListDto> {
    return this.drives.list(query);
  }

  @Post()
  @Roles('SUPERVISOR')
  @ApiOperation({
    summary:
      'opens a drive over communities and/or grids for a period, and starts its workflow (warning at 80 %, escalation at the end)',
  })
  @ApiCreatedResponse({ type: DriveDetailDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: every bad field named' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: a drive is opened by a supervisor of level 2 or 3' })
  @ApiUnprocessableEntityResponse({
    description:
      'RULE_VIOLATION: no community or grid named, an unknown community or base grid, a period shorter than a minute, over, or starting more than a day ago',
  })
  @ApiTemporalUnavailable()
  open(@CurrentUser() user: AuthUser, @Body() dto: OpenDriveDto): Promise<DriveDetailDto> {
    return this.drives.open(user, dto);
  }

  @Get(':id')
  @Roles('SUPERVISOR')
  @ApiOperation({
    summary: 'one drive: coverage by community, every grid, the findings and the cases they became, its record',
  })
  @ApiOkResponse({ type: DriveDetailDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: id is not a UUID' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: for supervisors only' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such drive' })
  get(@Param('id', uuidPipe('id')) id: string): Promise<DriveDetailDto> {
    return this.drives.get(id);
  }

  @Post(':id/screenings')
  @Roles('GRID_WORKER')
  @ApiOperation({
    summary:
      "records the grid worker's own grid's screening: nothing found (未发现), or findings, each a report in 发现 (channel GRID_PATROL, linked to the drive)",
  })
  @ApiCreatedResponse({ type: MyDriveDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: every bad field named' })
  @ApiForbiddenResponse({
    description: "FORBIDDEN: for grid workers only, and only for a drive that covers the worker's own grid",
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such drive' })
  @ApiConflictResponse({ description: 'CONFLICT: the grid was screened in this drive already' })
  @ApiUnprocessableEntityResponse({
    description:
      'RULE_VIOLATION: neither nothingFound nor findings, or both; the drive has not started; a finding refused by the intake rules (parties: an APPLICANT)',
  })
  @ApiTemporalUnavailable()
  screen(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Body() dto: RecordScreeningDto,
  ): Promise<MyDriveDto> {
    return this.drives.screen(user, id, dto);
  }
}
