import { DataSource } from 'typeorm';
import { CaseEntity } from '../entities/case.entity';

export class CaseReadRepository {
  constructor(private readonly dataSource: DataSource) {}

  findById(id: string): Promise<CaseEntity | null> {
    return this.dataSource.getRepository(CaseEntity).findOneBy({ id });
  }
}
