import { Module } from '@nestjs/common';
import { IndexUsageService } from './index-usage.service';
import { PropertyIndexesRepository } from './property-indexes.repository';
import { PropertyIndexesService } from './property-indexes.service';

/**
 * The runtime indexes of `indexed` properties (expression indexes on the record table), and the
 * counts of how lists and searches use properties, from which indexes build themselves.
 */
@Module({
  providers: [PropertyIndexesRepository, PropertyIndexesService, IndexUsageService],
  exports: [PropertyIndexesService, IndexUsageService],
})
export class PropertyIndexesModule {}
