import { Body, Controller, Get, Injectable, Param, Patch, PipeTransform, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CENTER_CODES } from '@app/domain/enums';
import { TERRITORY_CODE } from '@app/persistence/territory-file';
import { ApiError } from '../common/api-error';
import { uuidPipe } from '../common/case-action';
import {
  AdminCenterDto,
  AdminCommunityDto,
  AdminGridDto,
  AdminTerritoryDto,
  AdminUnitDto,
  CreateCenterDto,
  CreateCommunityDto,
  CreateGridDto,
  CreateUnitDto,
  UpdateCenterDto,
  UpdateCommunityDto,
  UpdateGridDto,
  UpdateUnitDto,
} from './admin-territory.dto';
import { AdminRoutes } from './admin-route';
import { AdminTerritoryService } from './admin-territory.service';

@Injectable()
class TerritoryCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!TERRITORY_CODE.test(value))
      throw ApiError.validation(['code: must be 1 to 32 letters, digits, "-" or "_", starting with a letter or digit']);
    return value;
  }
}

@Injectable()
class CenterCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!(CENTER_CODES as readonly string[]).includes(value))
      throw ApiError.validation([`code: must be one of ${CENTER_CODES.join(', ')}`]);
    return value;
  }
}

const CODE_PARAM = { name: 'code', schema: { type: 'string', pattern: TERRITORY_CODE.source } } as const;
const CENTER_PARAM = { name: 'code', schema: { type: 'string', enum: [...CENTER_CODES] } } as const;
const RULE = (what: string) => ApiUnprocessableEntityResponse({ description: `RULE_VIOLATION: ${what}, by field` });

/**
 * The territory between imports (docs/territory.md): create, rename, move a base grid, deactivate
 * (never delete: cases keep referring to codes). The desks' 区域管理 page uses these routes.
 */
@AdminRoutes()
@Controller('api/admin/territory')
export class AdminTerritoryController {
  constructor(private readonly territory: AdminTerritoryService) {}

  @Get()
  @ApiOperation({ summary: 'the whole territory, inactive rows included (active: false), with the cases of each grid' })
  @ApiOkResponse({ type: AdminTerritoryDto })
  all(): Promise<AdminTerritoryDto> {
    return this.territory.territory();
  }

  @Post('centers')
  @ApiOperation({ summary: 'loads one of the four centers (ZZ, WG, XF, TJ) with its name' })
  @ApiCreatedResponse({ type: AdminCenterDto })
  @ApiConflictResponse({ description: 'CONFLICT: the center exists' })
  createCenter(@Body() dto: CreateCenterDto): Promise<AdminCenterDto> {
    return this.territory.createCenter(dto);
  }

  @Patch('centers/:code')
  @ApiOperation({ summary: 'renames, deactivates or reactivates a center' })
  @ApiParam(CENTER_PARAM)
  @ApiOkResponse({ type: AdminCenterDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: the center is not loaded' })
  @RULE('a center with active units or routing rules cannot be deactivated')
  updateCenter(@Param('code', CenterCodePipe) code: string, @Body() dto: UpdateCenterDto): Promise<AdminCenterDto> {
    return this.territory.updateCenter(code, dto);
  }

  @Post('communities')
  @ApiOperation({ summary: 'creates a community and its COMMUNITY grid (under the street grid)' })
  @ApiCreatedResponse({ type: AdminCommunityDto })
  @ApiConflictResponse({ description: 'CONFLICT: the community code or the grid code is taken' })
  @RULE('no street grid loaded yet')
  createCommunity(@Body() dto: CreateCommunityDto): Promise<AdminCommunityDto> {
    return this.territory.createCommunity(dto);
  }

  @Patch('communities/:code')
  @ApiOperation({ summary: 'renames, deactivates or reactivates a community (its community grid with it)' })
  @ApiParam(CODE_PARAM)
  @ApiOkResponse({ type: AdminCommunityDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such community' })
  @RULE('a community with active base grids or units cannot be deactivated')
  updateCommunity(
    @Param('code', TerritoryCodePipe) code: string,
    @Body() dto: UpdateCommunityDto,
  ): Promise<AdminCommunityDto> {
    return this.territory.updateCommunity(code, dto);
  }

  @Post('grids')
  @ApiOperation({ summary: 'creates a BASE grid in a community grid' })
  @ApiCreatedResponse({ type: AdminGridDto })
  @ApiConflictResponse({ description: 'CONFLICT: the grid code is taken' })
  @RULE('an unknown, inactive or non-community parent grid')
  createGrid(@Body() dto: CreateGridDto): Promise<AdminGridDto> {
    return this.territory.createGrid(dto);
  }

  @Patch('grids/:code')
  @ApiOperation({
    summary:
      'renames a grid; moves a BASE grid to another community grid (parentCode); deactivates or reactivates a BASE grid (an inactive grid takes no new report)',
  })
  @ApiParam(CODE_PARAM)
  @ApiOkResponse({ type: AdminGridDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such grid' })
  @RULE('a street or community grid moved or deactivated, an unknown or inactive new parent')
  updateGrid(@Param('code', TerritoryCodePipe) code: string, @Body() dto: UpdateGridDto): Promise<AdminGridDto> {
    return this.territory.updateGrid(code, dto);
  }

  @Post('units')
  @ApiOperation({ summary: 'creates a handling unit (a task pool) of a center, at street or community level' })
  @ApiCreatedResponse({ type: AdminUnitDto })
  @ApiConflictResponse({ description: 'CONFLICT: the unit code is taken' })
  @RULE('an unknown or inactive center or community, a community for a street unit or none for a community unit')
  createUnit(@Body() dto: CreateUnitDto): Promise<AdminUnitDto> {
    return this.territory.createUnit(dto);
  }

  @Patch('units/:id')
  @ApiOperation({
    summary:
      "renames a unit, makes a street unit its center's main unit, deactivates or reactivates it (an inactive unit gets no new routing)",
  })
  @ApiOkResponse({ type: AdminUnitDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such unit' })
  @RULE(
    "the center's main unit deactivated or unmarked, a community unit made main, reactivation in an inactive community",
  )
  updateUnit(@Param('id', uuidPipe('id')) id: string, @Body() dto: UpdateUnitDto): Promise<AdminUnitDto> {
    return this.territory.updateUnit(id, dto);
  }
}
