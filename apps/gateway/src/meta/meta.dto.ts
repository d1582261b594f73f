import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CENTER_CODES, GRID_LEVELS, UNIT_LEVELS } from '@app/domain/enums';

export class CenterDto {
  @ApiProperty({ enum: CENTER_CODES }) code!: string;
  @ApiProperty({ example: '矛盾纠纷调处中心' }) name!: string;
}

export class CommunityDto {
  @ApiProperty({ example: 'JF-C01' }) code!: string;
  @ApiProperty({ example: '新村社区' }) name!: string;
  @ApiProperty({ example: 'JF-C01', description: 'its COMMUNITY-level grid' }) gridCode!: string;
}

export class GridDto {
  @ApiProperty({ example: 'JF-C01-G01' }) code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: GRID_LEVELS }) level!: string;
  @ApiProperty({ type: String, nullable: true, description: 'none for the street grid' }) parentCode!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'none for the street grid' }) communityCode!: string | null;
}

export class UnitDto {
  @ApiProperty({ description: 'the id routes, transfers and unit pools name' }) id!: string;
  @ApiProperty({ example: 'JF-C01-TWH' }) code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: CENTER_CODES }) centerCode!: string;
  @ApiProperty({ enum: UNIT_LEVELS }) level!: string;
  @ApiProperty({ type: String, nullable: true, description: 'COMMUNITY-level units only' }) communityCode!:
    string | null;
  @ApiProperty({ description: "the center's main street-level unit, where routing lands by default" }) isMain!: boolean;
}

export class TerritoryDto {
  @ApiProperty({ example: 'JF' }) streetCode!: string;
  @ApiPropertyOptional({ description: 'the name of the street-level grid' }) streetName?: string;
  @ApiProperty({ type: [CenterDto] }) centers!: CenterDto[];
  @ApiProperty({ type: [CommunityDto] }) communities!: CommunityDto[];
  @ApiProperty({ type: [GridDto], description: 'street, then community, then base grids' }) grids!: GridDto[];
  @ApiProperty({ type: [UnitDto], description: 'street-level units, then community-level ones' }) units!: UnitDto[];
}
