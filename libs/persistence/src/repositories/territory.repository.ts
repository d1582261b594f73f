import { DataSource } from 'typeorm';
import { GridEntity } from '../entities/territory.entities';

export class TerritoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  findGrid(code: string): Promise<GridEntity | null> {
    return this.dataSource.getRepository(GridEntity).findOneBy({ code });
  }
}
