import { Body, Controller, Get, HttpCode, Ip, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { ApiTemporalUnavailable } from '../common/temporal-unavailable';
import { EvaluationDto } from '../disputes/dispute.dto';
import { PublicCaseDto } from './public-case.dto';
import { PublicCaseService } from './public-case.service';

/** The parties' routes: no login, the receipt code is the key. */
@ApiTags('parties')
@Public()
@Controller('api/public/cases')
export class PublicCaseController {
  constructor(private readonly cases: PublicCaseService) {}

  @Get(':receiptCode')
  @ApiOkResponse({ type: PublicCaseDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: wrong receipt code' })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_REQUESTS: too many wrong codes from this address' })
  status(@Ip() address: string, @Param('receiptCode') receiptCode: string): Promise<PublicCaseDto> {
    return this.cases.status(address, receiptCode);
  }

  @Post(':receiptCode/evaluation')
  @HttpCode(200)
  @ApiOkResponse({ type: PublicCaseDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: wrong receipt code' })
  @ApiConflictResponse({ description: 'STAGE_CONFLICT: not in EVALUATION (or already rated)' })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_REQUESTS' })
  @ApiTemporalUnavailable()
  evaluate(
    @Ip() address: string,
    @Param('receiptCode') receiptCode: string,
    @Body() dto: EvaluationDto,
  ): Promise<PublicCaseDto> {
    return this.cases.evaluate(address, receiptCode, dto);
  }
}
