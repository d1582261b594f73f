import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditRepository } from '@app/persistence/repositories/audit.repository';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/** The security audit trail: AuditService for every module that records, GET /api/admin/audit for ADMIN. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [
    {
      provide: AuditRepository,
      useFactory: (dataSource: DataSource) => new AuditRepository(dataSource),
      inject: [DataSource],
    },
    AuditService,
  ],
  exports: [AuditService],
})
export class AuditModule {}
