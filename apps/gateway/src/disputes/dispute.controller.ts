import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { ApiError } from '../common/api-error';
import { CaseViewDto, CreateDisputeDto } from './dispute.dto';
import { DisputeService } from './dispute.service';

const caseIdPipe = new ParseUUIDPipe({ exceptionFactory: () => ApiError.validation(['id: must be a UUID']) });

@ApiTags('disputes')
@ApiBearerAuth()
@Controller('api/disputes')
export class DisputeController {
  constructor(private readonly disputes: DisputeService) {}

  @Post()
  @Roles('CLERK', 'GRID_WORKER')
  @ApiCreatedResponse({ type: CaseViewDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: every bad field is named' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN' })
  register(@CurrentUser() user: AuthUser, @Body() dto: CreateDisputeDto): Promise<CaseViewDto> {
    return this.disputes.register(user, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: CaseViewDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  get(@Param('id', caseIdPipe) id: string): Promise<CaseViewDto> {
    return this.disputes.get(id);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Roles('CLERK')
  @ApiOkResponse({ type: CaseViewDto })
  @ApiConflictResponse({ description: 'STAGE_CONFLICT: the case is not in DISCOVERY' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  accept(@CurrentUser() user: AuthUser, @Param('id', caseIdPipe) id: string): Promise<CaseViewDto> {
    return this.disputes.accept(user, id);
  }
}
