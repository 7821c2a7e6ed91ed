import { Module } from '@nestjs/common';
import { PropertyIndexesRepository } from './property-indexes.repository';
import { PropertyIndexesService } from './property-indexes.service';

/** The runtime indexes of `indexed` properties (expression indexes on the record table). */
@Module({
  providers: [PropertyIndexesRepository, PropertyIndexesService],
  exports: [PropertyIndexesService],
})
export class PropertyIndexesModule {}
