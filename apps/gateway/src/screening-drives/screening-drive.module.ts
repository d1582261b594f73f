import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ScreeningDriveRepository } from '@app/persistence/repositories/screening-drive.repository';
import { IntakeModule } from '../disputes/intake.module';
import { ScreeningDriveController } from './screening-drive.controller';
import { ScreeningDriveService } from './screening-drive.service';

/** Screening drives (矛盾纠纷大排查, docs/screening-drives.md). */
@Module({
  imports: [IntakeModule],
  controllers: [ScreeningDriveController],
  providers: [
    {
      provide: ScreeningDriveRepository,
      useFactory: (dataSource: DataSource) => new ScreeningDriveRepository(dataSource),
      inject: [DataSource],
    },
    ScreeningDriveService,
  ],
})
export class ScreeningDriveModule {}
