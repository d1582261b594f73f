import { Body, Controller, Get, Injectable, Param, PipeTransform, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { ApiError } from '../common/api-error';
import { CalendarGapListDto, CalendarYearDto, RoutingRulesDto, SlaPolicyDto } from './admin.dto';
import { AdminRoutes } from './admin-route';
import { AdminSettingsService } from './admin-settings.service';

const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;

@Injectable()
class CalendarYearPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const year = /^\d{4}$/.test(value) ? Number(value) : NaN;
    if (!(year >= FIRST_YEAR && year <= LAST_YEAR)) {
      throw ApiError.validation([`year: must be a year from ${FIRST_YEAR} to ${LAST_YEAR} (got "${value}")`]);
    }
    return year;
  }
}

/** As CalendarYearPipe reads it: four digits, FIRST_YEAR to LAST_YEAR. */
const YEAR_PARAM = {
  name: 'year',
  example: 2026,
  description: `${FIRST_YEAR} to ${LAST_YEAR}`,
  schema: { type: 'integer', minimum: FIRST_YEAR, maximum: LAST_YEAR },
} as const;

@AdminRoutes()
@Controller('api/admin')
export class AdminSettingsController {
  constructor(private readonly settings: AdminSettingsService) {}

  @Get('routing-rules')
  @ApiOperation({ summary: 'the routing table: category × grid level × severity → center, unit level, SLA class' })
  @ApiOkResponse({ type: RoutingRulesDto })
  routingRules(): Promise<RoutingRulesDto> {
    return this.settings.routingTable();
  }

  @Put('routing-rules')
  @ApiOperation({ summary: 'replaces the whole routing table; it must route every category × grid level × severity' })
  @ApiOkResponse({ type: RoutingRulesDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: every bad field' })
  @ApiUnprocessableEntityResponse({
    description:
      'RULE_VIOLATION: every problem of the table, by row (`rules.3: …`), or of the whole (`rules: no row routes …`)',
  })
  replaceRoutingRules(@CurrentUser() admin: AuthUser, @Body() dto: RoutingRulesDto): Promise<RoutingRulesDto> {
    return this.settings.replaceRoutingTable(admin, dto);
  }

  @Get('sla-policy')
  @ApiOperation({ summary: 'the office SLA policy' })
  @ApiOkResponse({ type: SlaPolicyDto })
  slaPolicy(): Promise<SlaPolicyDto> {
    return this.settings.slaPolicy();
  }

  @Put('sla-policy')
  @ApiOperation({ summary: 'replaces the office SLA policy; applies to deadlines set after the change' })
  @ApiOkResponse({ type: SlaPolicyDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: every bad field' })
  @ApiUnprocessableEntityResponse({
    description:
      'RULE_VIOLATION: every problem of the policy, by rule (`rules.3: …`), or of the whole (`rules: missing rule for …`)',
  })
  replaceSlaPolicy(@CurrentUser() admin: AuthUser, @Body() dto: SlaPolicyDto): Promise<SlaPolicyDto> {
    return this.settings.replaceSlaPolicy(admin, dto);
  }

  @Get('calendar-gaps')
  @ApiOperation({
    summary:
      'years deadlines were computed into without a holiday calendar: they count Monday to Friday until the year is loaded (PUT calendar/:year clears it)',
  })
  @ApiOkResponse({ type: CalendarGapListDto })
  calendarGaps(): Promise<CalendarGapListDto> {
    return this.settings.calendarGaps();
  }

  @Get('calendar/:year')
  @ApiOperation({ summary: 'one year of the holiday calendar' })
  @ApiParam(YEAR_PARAM)
  @ApiOkResponse({ type: CalendarYearDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: year out of range' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: the year is not loaded' })
  calendar(@Param('year', CalendarYearPipe) year: number): Promise<CalendarYearDto> {
    return this.settings.calendarYear(year);
  }

  @Put('calendar/:year')
  @ApiOperation({ summary: 'loads (or replaces) one year: statutory holidays and make-up working weekends' })
  @ApiParam(YEAR_PARAM)
  @ApiOkResponse({ type: CalendarYearDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: year out of range, and every bad date named' })
  @ApiUnprocessableEntityResponse({
    description:
      'RULE_VIOLATION: a date outside the year, a make-up workday that is no weekend day, a day listed as both',
  })
  replaceCalendar(
    @CurrentUser() admin: AuthUser,
    @Param('year', CalendarYearPipe) year: number,
    @Body() dto: CalendarYearDto,
  ): Promise<CalendarYearDto> {
    return this.settings.replaceCalendarYear(admin, year, dto);
  }
}
