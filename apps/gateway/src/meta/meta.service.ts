import { Injectable } from '@nestjs/common';
import { TerritoryRepository } from '@app/persistence/repositories/territory.repository';
import type { TerritoryDto } from './meta.dto';

@Injectable()
export class MetaService {
  constructor(private readonly territory: TerritoryRepository) {}

  /** The territory as the database holds it, for the forms: absent references are null. */
  async territoryForForms(): Promise<TerritoryDto> {
    const territory = await this.territory.load();
    return {
      streetCode: territory.streetCode,
      streetName: territory.streetName || undefined,
      centers: territory.centers,
      communities: territory.communities,
      grids: territory.grids.map((g) => ({
        code: g.code,
        name: g.name,
        level: g.level,
        parentCode: g.parentCode ?? null,
        communityCode: g.communityCode ?? null,
      })),
      units: territory.units.map((u) => ({
        id: u.id,
        code: u.code,
        name: u.name,
        centerCode: u.centerCode,
        level: u.level,
        communityCode: u.communityCode ?? null,
        isMain: u.isMain ?? false,
      })),
    };
  }
}
