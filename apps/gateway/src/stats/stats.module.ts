import { Module } from '@nestjs/common';
import { StatsController } from './stats.controller';
import { StatsService } from './stats.service';

/** `/api/stats`. */
@Module({ controllers: [StatsController], providers: [StatsService] })
export class StatsModule {}
