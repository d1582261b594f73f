import { DataSource } from 'typeorm';
import { UserEntity } from '../entities/user.entity';

export class UserRepository {
  constructor(private readonly dataSource: DataSource) {}

  findActiveByUsername(username: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOneBy({ username, active: true });
  }

  findActiveById(id: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOneBy({ id, active: true });
  }
}
