import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { KeyPersonRepository } from '@app/persistence/repositories/key-person.repository';
import { ResidentGroupRepository } from '@app/persistence/repositories/resident-group.repository';
import { KeyPersonController, KeyPersonPolicyController } from './key-person.controller';
import { KeyPersonService } from './key-person.service';
import { ReporterIntake } from './reporter-intake.service';
import { ResidentGroupController } from './resident-group.controller';

const repositories = [KeyPersonRepository, ResidentGroupRepository].map((repository) => ({
  provide: repository,
  useFactory: (dataSource: DataSource) => new repository(dataSource),
  inject: [DataSource],
}));

/**
 * The key-person register (重点人员) and the resident groups (居民小组). Global: the intake
 * links reports to key persons, the admin pages and the intake read the resident groups.
 */
@Global()
@Module({
  controllers: [KeyPersonController, KeyPersonPolicyController, ResidentGroupController],
  providers: [...repositories, KeyPersonService, ReporterIntake],
  exports: [...repositories, KeyPersonService, ReporterIntake],
})
export class KeyPersonModule {}
