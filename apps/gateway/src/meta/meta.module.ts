import { Module } from '@nestjs/common';
import { MetaController } from './meta.controller';
import { MetaService } from './meta.service';

/** GET /api/meta/territory: communities, grids and units for forms. */
@Module({
  controllers: [MetaController],
  providers: [MetaService],
})
export class MetaModule {}
