import { Body, Controller, Get, Param, Post, Query, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { periodLabel } from '@app/domain/briefing/briefing';
import { uuidPipe } from '../common/case-action';
import { BriefingDto, BriefingListDto, BriefingListQueryDto, CreateBriefingDto } from './briefing.dto';
import { briefingDto, BriefingService } from './briefing.service';
import { briefingPdf } from './briefing-pdf';
import { briefingWorkbook } from './briefing-workbook';

const fileLabel = (b: { figures: { from: string; to: string; month: string | null } }) =>
  periodLabel(b.figures).replace(/ 至 /g, '至').replace(/[ :]/g, '');

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FILE_ANSWER = { schema: { type: 'string', format: 'binary' } } as const;

/** A download under a name that says the period (RFC 6266 / 5987, the Chinese name percent-encoded). */
function download(body: Buffer, type: string, name: string): StreamableFile {
  return new StreamableFile(body, {
    type,
    length: body.length,
    disposition: `attachment; filename="briefing.${name.split('.').pop()}"; filename*=UTF-8''${encodeURIComponent(name)}`,
  });
}

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
      "generates a briefing now: of a month that has ended (kept as the month's when none is yet), or of a period (from, to; to left out: until now)",
  })
  @ApiCreatedResponse({ type: BriefingDto })
  @ApiUnprocessableEntityResponse({
    description:
      'RULE_VIOLATION: neither or both of month and from/to, to without from, from not before to, to in the future, a month not ended',
  })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateBriefingDto): Promise<BriefingDto> {
    return this.briefings.create(user, dto);
  }

  // Before ':id', which would take 'x.xlsx' as an id.
  @Get(':id.xlsx')
  @ApiOperation({
    summary:
      "the briefing as an Excel workbook: 概况, then a sheet per section with its ranking table and the page's two charts as pictures",
  })
  @ApiProduces(XLSX)
  @ApiOkResponse({ description: 'the .xlsx file', content: { [XLSX]: FILE_ANSWER } })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such briefing' })
  @ApiServiceUnavailableResponse({ description: 'SERVICE_UNAVAILABLE: the CJK font of the exports is not installed' })
  async workbook(@Param('id', uuidPipe('id')) id: string): Promise<StreamableFile> {
    const briefing = await this.briefings.get(id);
    return download(await briefingWorkbook(briefing), XLSX, `通报-${fileLabel(briefing)}.xlsx`);
  }

  @Get(':id.pdf')
  @ApiOperation({
    summary:
      "the briefing as a PDF (A4 landscape): the summary, then per section the page's two charts and the ranking",
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'the .pdf file', content: { 'application/pdf': FILE_ANSWER } })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such briefing' })
  @ApiServiceUnavailableResponse({ description: 'SERVICE_UNAVAILABLE: the CJK font of the exports is not installed' })
  async pdf(@Param('id', uuidPipe('id')) id: string): Promise<StreamableFile> {
    const briefing = await this.briefings.get(id);
    return download(await briefingPdf(briefing), 'application/pdf', `通报-${fileLabel(briefing)}.pdf`);
  }

  @Get(':id')
  @ApiOperation({ summary: 'one briefing with its figures: per center, unit and community, ranked' })
  @ApiOkResponse({ type: BriefingDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such briefing' })
  async get(@Param('id', uuidPipe('id')) id: string): Promise<BriefingDto> {
    return briefingDto(await this.briefings.get(id));
  }
}
