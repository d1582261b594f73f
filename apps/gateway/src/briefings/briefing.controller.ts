import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { uuidPipe } from '../common/case-action';
import { BriefingDto, BriefingListDto, BriefingListQueryDto, CreateBriefingDto } from './briefing.dto';
import { briefingDto, BriefingService } from './briefing.service';

/** 通报: who sees GET /api/stats sees the briefings (SUPERVISOR, ADMIN). */
@ApiTags('measures')
@ApiBearerAuth()
@Roles('SUPERVISOR', 'ADMIN')
@Controller('api/briefings')
export class BriefingController {
  constructor(private readonly briefings: BriefingService) {}

  @Get()
  @ApiOperation({ summary: 'the kept briefings (通报), newest generation first, without their figures' })
  @ApiOkResponse({ type: BriefingListDto })
  @ApiUnprocessableEntityResponse({ description: 'RULE_VIOLATION: a cursor this list did not hand out' })
  list(@Query() query: BriefingListQueryDto): Promise<BriefingListDto> {
    return this.briefings.list(query);
  }

  @Post()
  @ApiOperation({
    summary:
      "generates a briefing now: of a month that has ended (kept as the month's when none is yet), or of a period (from, to) that has ended",
  })
  @ApiCreatedResponse({ type: BriefingDto })
  @ApiUnprocessableEntityResponse({
    description:
      'RULE_VIOLATION: neither or both of month and from/to, from without to, from not before to, to in the future, a month not ended',
  })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateBriefingDto): Promise<BriefingDto> {
    return this.briefings.create(user, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'one briefing with its figures: per center, unit and community, ranked' })
  @ApiOkResponse({ type: BriefingDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such briefing' })
  async get(@Param('id', uuidPipe('id')) id: string): Promise<BriefingDto> {
    return briefingDto(await this.briefings.get(id));
  }
}
