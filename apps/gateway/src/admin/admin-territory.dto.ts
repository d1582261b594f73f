import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import {
  CENTER_CODES,
  GRID_LEVELS,
  UNIT_LEVELS,
  type CenterCode,
  type GridLevel,
  type UnitLevel,
} from '@app/domain/enums';
import { TERRITORY_CODE, TERRITORY_NAME_MAX } from '@app/persistence/territory-file';
import { ApiSchemaRules } from '../openapi/contract-completion';

/** Optional, but not nullable: unlike @IsOptional, a null is validated (and refused). */
const IsPresent = () => ValidateIf((_, value) => value !== undefined);
const CODE_MESSAGE = (field: string) =>
  `${field} must be 1 to 32 letters, digits, "-" or "_", starting with a letter or digit`;
/** A name: 1 to 100 characters, not only blanks, no control characters. */
const NAME = /^(?=.*\S)[^\u0000-\u001f\u007f]+$/;
const NAME_MESSAGE = (field: string) =>
  `${field} must be 1 to ${TERRITORY_NAME_MAX} characters, not only blanks, without control characters`;

const Code = (field: string, example: string) => (target: object, key: string) => {
  ApiProperty({ example, description: '1 to 32 letters, digits, - and _; never changes (cases refer to it)' })(
    target,
    key,
  );
  IsString()(target, key);
  Matches(TERRITORY_CODE, { message: CODE_MESSAGE(field) })(target, key);
};
const Name = (field: string, example: string, required: boolean) => (target: object, key: string) => {
  (required ? ApiProperty : ApiPropertyOptional)({ example, minLength: 1, maxLength: TERRITORY_NAME_MAX })(target, key);
  if (!required) IsPresent()(target, key);
  IsString()(target, key);
  MinLength(1)(target, key);
  MaxLength(TERRITORY_NAME_MAX)(target, key);
  Matches(NAME, { message: NAME_MESSAGE(field) })(target, key);
};
const Active = () => (target: object, key: string) => {
  ApiPropertyOptional({
    description: 'false deactivates (never deletes: what cases refer to stays readable); true reactivates',
  })(target, key);
  IsPresent()(target, key);
  IsBoolean()(target, key);
};

// ---- answers ----

export class AdminCenterDto {
  @ApiProperty({ enum: CENTER_CODES }) code!: CenterCode;
  @ApiProperty() name!: string;
  @ApiProperty() active!: boolean;
}

export class AdminCommunityDto {
  @ApiProperty({ example: 'JF-C01' }) code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'its COMMUNITY-level grid' }) gridCode!: string;
  @ApiProperty() active!: boolean;
}

export class AdminGridDto {
  @ApiProperty({ example: 'JF-C01-G01' }) code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: GRID_LEVELS }) level!: GridLevel;
  @ApiProperty({ type: String, nullable: true }) parentCode!: string | null;
  @ApiProperty({ type: String, nullable: true }) communityCode!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({ description: 'cases registered in this grid (they keep it whatever happens to the grid)' })
  caseCount!: number;
}

export class AdminUnitDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: CENTER_CODES }) centerCode!: CenterCode;
  @ApiProperty({ enum: UNIT_LEVELS }) level!: UnitLevel;
  @ApiProperty({ type: String, nullable: true }) communityCode!: string | null;
  @ApiProperty({ description: "the center's main street unit: where routing lands when no more specific unit applies" })
  isMain!: boolean;
  @ApiProperty() active!: boolean;
}

export class AdminTerritoryDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the STREET-level grid; null before a territory is loaded',
  })
  streetCode!: string | null;
  @ApiProperty({ type: [AdminCenterDto] }) centers!: AdminCenterDto[];
  @ApiProperty({ type: [AdminCommunityDto] }) communities!: AdminCommunityDto[];
  @ApiProperty({ type: [AdminGridDto], description: 'street, then community, then base grids, each by code' })
  grids!: AdminGridDto[];
  @ApiProperty({ type: [AdminUnitDto] }) units!: AdminUnitDto[];
}

// ---- requests ----

export class CreateCenterDto {
  @ApiProperty({ enum: CENTER_CODES, description: 'one of the four centers the routing table knows' })
  @IsIn(CENTER_CODES)
  code!: CenterCode;

  @Name('name', '矛盾纠纷调处中心', true)
  name!: string;
}

@ApiSchemaRules({ minProperties: 1 })
export class UpdateCenterDto {
  @Name('name', '矛盾纠纷调处中心', false)
  name?: string;

  @Active()
  active?: boolean;
}

export class CreateCommunityDto {
  @Code('code', 'JF-C18')
  code!: string;

  @Name('name', '东园社区', true)
  name!: string;

  @ApiPropertyOptional({
    example: 'JF-C18',
    description: 'the code of its new COMMUNITY grid (default: the community code)',
  })
  @IsPresent()
  @IsString()
  @Matches(TERRITORY_CODE, { message: CODE_MESSAGE('gridCode') })
  gridCode?: string;

  @Name('gridName', '东园社区网格', false)
  gridName?: string;
}

@ApiSchemaRules({ minProperties: 1 })
export class UpdateCommunityDto {
  @Name('name', '东园社区', false)
  name?: string;

  @Active()
  active?: boolean;
}

export class CreateGridDto {
  @Code('code', 'JF-C01-G09')
  code!: string;

  @Name('name', '新村社区第9网格', true)
  name!: string;

  @ApiProperty({ example: 'JF-C01', description: 'the COMMUNITY grid it belongs to (a new grid is a BASE grid)' })
  @IsString()
  @Matches(TERRITORY_CODE, { message: CODE_MESSAGE('parentCode') })
  parentCode!: string;
}

@ApiSchemaRules({ minProperties: 1 })
export class UpdateGridDto {
  @Name('name', '新村社区第9网格', false)
  name?: string;

  @ApiPropertyOptional({
    example: 'JF-C02',
    description: 'moves a BASE grid to another COMMUNITY grid (and its community)',
  })
  @IsPresent()
  @IsString()
  @Matches(TERRITORY_CODE, { message: CODE_MESSAGE('parentCode') })
  parentCode?: string;

  @Active()
  active?: boolean;
}

export class CreateUnitDto {
  @Code('code', 'JF-C18-TWH')
  code!: string;

  @Name('name', '东园社区人民调解委员会', true)
  name!: string;

  @ApiProperty({ enum: CENTER_CODES })
  @IsIn(CENTER_CODES)
  centerCode!: CenterCode;

  @ApiProperty({ enum: UNIT_LEVELS })
  @IsIn(UNIT_LEVELS)
  level!: UnitLevel;

  @ApiPropertyOptional({ example: 'JF-C18', description: 'COMMUNITY units only, and required for one' })
  @IsPresent()
  @IsString()
  @Matches(TERRITORY_CODE, { message: CODE_MESSAGE('communityCode') })
  communityCode?: string;

  @ApiPropertyOptional({
    description: "STREET units only: becomes the center's main unit (the previous one stops being it)",
  })
  @IsPresent()
  @IsBoolean()
  isMain?: boolean;
}

@ApiSchemaRules({ minProperties: 1 })
export class UpdateUnitDto {
  @Name('name', '东园社区人民调解委员会', false)
  name?: string;

  @ApiPropertyOptional({
    description: "true makes this STREET unit its center's main unit (the previous one stops being it)",
  })
  @IsPresent()
  @IsBoolean()
  isMain?: boolean;

  @Active()
  active?: boolean;
}
