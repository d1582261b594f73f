import { Body, Controller, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
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
import { AdminRoutes } from '../admin/admin-route';
import { uuidPipe } from '../common/case-action';
import { ApiTemporalUnavailable } from '../common/temporal-unavailable';
import {
  CreateKeyPersonDto,
  KeyPersonDetailDto,
  KeyPersonListDto,
  KeyPersonListQueryDto,
  RecordVisitDto,
  UpdateKeyPersonDto,
  VisitPolicyDto,
} from './key-person.dto';
import { KeyPersonService } from './key-person.service';

/** 重点人员: the intake center (CLERK) and supervisors only; every read of a record is audited. */
@ApiTags('key-persons')
@ApiBearerAuth()
@Roles('CLERK', 'SUPERVISOR')
@ApiForbiddenResponse({ description: 'FORBIDDEN: the register is for the intake center (CLERK) and supervisors only' })
@Controller('api/key-persons')
export class KeyPersonController {
  constructor(private readonly persons: KeyPersonService) {}

  @Get()
  @ApiOperation({ summary: 'key persons, newest registration first; phone and ID number masked (the read is audited)' })
  @ApiOkResponse({ type: KeyPersonListDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: bad filter, limit or cursor' })
  @ApiUnprocessableEntityResponse({ description: 'RULE_VIOLATION: a cursor this list did not hand out' })
  list(@CurrentUser() user: AuthUser, @Query() query: KeyPersonListQueryDto): Promise<KeyPersonListDto> {
    return this.persons.list(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'one key person, whole, with their visits and linked cases (the read is audited)' })
  @ApiOkResponse({ type: KeyPersonDetailDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such key person' })
  get(@CurrentUser() user: AuthUser, @Param('id', uuidPipe('id')) id: string): Promise<KeyPersonDetailDto> {
    return this.persons.get(user, id);
  }

  @Post()
  @ApiOperation({ summary: 'registers a key person and starts the watch over their visits' })
  @ApiCreatedResponse({ type: KeyPersonDetailDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: every bad field named' })
  @ApiUnprocessableEntityResponse({
    description:
      'RULE_VIOLATION: neither phone nor idNumber, unknown grid, responsible staff not an active CLERK or SUPERVISOR',
  })
  @ApiTemporalUnavailable()
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateKeyPersonDto): Promise<KeyPersonDetailDto> {
    return this.persons.create(user, dto);
  }

  @Patch(':id')
  @ApiOperation({
    summary: "changes any of the key person's fields; a new risk level or center places the next visit's alerts again",
  })
  @ApiOkResponse({ type: KeyPersonDetailDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: every bad field named' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such key person' })
  @ApiUnprocessableEntityResponse({
    description: 'RULE_VIOLATION: unknown grid, responsible staff not an active CLERK or SUPERVISOR',
  })
  @ApiTemporalUnavailable()
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Body() dto: UpdateKeyPersonDto,
  ): Promise<KeyPersonDetailDto> {
    return this.persons.update(user, id, dto);
  }

  @Post(':id/visits')
  @ApiOperation({ summary: 'records a visit (走访): the next one falls due a risk-level interval after it' })
  @ApiCreatedResponse({ type: KeyPersonDetailDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: every bad field named' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such key person' })
  @ApiUnprocessableEntityResponse({
    description:
      'RULE_VIOLATION: the person is off the register, or visitedAt is in the future or before the registration',
  })
  @ApiTemporalUnavailable()
  recordVisit(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Body() dto: RecordVisitDto,
  ): Promise<KeyPersonDetailDto> {
    return this.persons.recordVisit(user, id, dto);
  }
}

/** The visit interval of each risk level: data, like the SLA policy. */
@AdminRoutes()
@Controller('api/admin/key-person-visit-policy')
export class KeyPersonPolicyController {
  constructor(private readonly persons: KeyPersonService) {}

  @Get()
  @ApiOperation({
    summary: 'the visit interval (走访) of each risk level, and when levels 2 and 3 follow a missed visit',
  })
  @ApiOkResponse({ type: VisitPolicyDto })
  get(): Promise<VisitPolicyDto> {
    return this.persons.visitPolicy();
  }

  @Put()
  @ApiOperation({
    summary:
      "replaces the visit policy (one rule per risk level); applies to each person's next plan (a visit or a change)",
  })
  @ApiOkResponse({ type: VisitPolicyDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: every bad field named' })
  @ApiUnprocessableEntityResponse({
    description:
      'RULE_VIOLATION: a risk level without exactly one rule, a duration that is not ISO 8601 calendar time, level 3 before level 2',
  })
  put(@CurrentUser() admin: AuthUser, @Body() dto: VisitPolicyDto): Promise<VisitPolicyDto> {
    return this.persons.replaceVisitPolicy(admin, dto);
  }
}
