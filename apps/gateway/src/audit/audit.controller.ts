import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { InvalidCursorError } from '@app/persistence/read-paging';
import { AdminRoutes } from '../admin/admin-route';
import { ApiError } from '../common/api-error';
import { AuditListDto, AuditQueryDto } from './audit.dto';
import { AuditService } from './audit.service';

@AdminRoutes()
@Controller('api/admin/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    summary:
      'the security audit trail, newest first: sign-ins, account changes, settings changes, reveals of personal data',
  })
  @ApiOkResponse({ type: AuditListDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: bad kind, actor, from, to, limit or cursor' })
  @ApiUnprocessableEntityResponse({
    description: 'RULE_VIOLATION: from is not before to; a cursor this list did not hand out',
  })
  async list(@Query() query: AuditQueryDto): Promise<AuditListDto> {
    const { limit, cursor, ...filter } = query;
    if (filter.from && filter.to && Date.parse(filter.from) >= Date.parse(filter.to))
      throw ApiError.rule(['from: must be before to']);
    try {
      return await this.audit.list({ ...filter, page: { limit, cursor } });
    } catch (error) {
      if (error instanceof InvalidCursorError) throw ApiError.rule([`cursor: ${error.message}`]);
      throw error;
    }
  }
}
