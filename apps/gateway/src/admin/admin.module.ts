import { Module } from '@nestjs/common';
import { AdminAlertsController } from './admin-alerts.controller';
import { AdminSettingsController } from './admin-settings.controller';
import { AdminSettingsService } from './admin-settings.service';
import { AdminTerritoryController } from './admin-territory.controller';
import { AdminTerritoryService } from './admin-territory.service';
import { AdminUsersController } from './admin-users.controller';
import { AdminUsersService } from './admin-users.service';

/** ADMIN routes: users, routing rules, SLA policy, holiday calendar, territory. */
@Module({
  controllers: [AdminUsersController, AdminSettingsController, AdminTerritoryController, AdminAlertsController],
  providers: [AdminUsersService, AdminSettingsService, AdminTerritoryService],
})
export class AdminModule {}
