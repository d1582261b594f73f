import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { TerritoryDto } from './meta.dto';
import { MetaService } from './meta.service';

/** Reference data for forms; any signed-in staff member. */
@ApiTags('meta')
@ApiBearerAuth()
@Controller('api/meta')
export class MetaController {
  constructor(private readonly meta: MetaService) {}

  @Get('territory')
  @ApiOperation({ summary: 'centers, communities, grids (with codes) and units, for forms' })
  @ApiOkResponse({ type: TerritoryDto })
  @ApiUnauthorizedResponse({ description: 'UNAUTHORIZED: no or invalid bearer token' })
  territory(): Promise<TerritoryDto> {
    return this.meta.territoryForForms();
  }
}
