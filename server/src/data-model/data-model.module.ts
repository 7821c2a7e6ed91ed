import { Module } from '@nestjs/common';
import { AssociationDefinitionsModule } from 'src/association-definitions/association-definitions.module';
import { EventsModule } from 'src/events/events.module';
import { ObjectDefinitionsModule } from 'src/object-definitions/object-definitions.module';
import { PropertyIndexesModule } from 'src/property-indexes/property-indexes.module';
import { RecordsModule } from 'src/records/records.module';
import { AutoIndexesService } from './auto-indexes.service';
import { DataChecksService } from './data-checks.service';
import { DataModelObjectsService } from './data-model-objects.service';
import { DataModelPurgeService } from './data-model-purge.service';
import { DataModelController } from './data-model.controller';
import { DefinitionChanges } from './definition-changes';
import { PropertiesService } from './properties.service';

/**
 * Admins change the data model at runtime: objects, properties, purges; and Plinth adds the
 * indexes lists and searches need (AutoIndexesService). Above records: the rules about existing
 * data ask records/ (RecordDataService).
 */
@Module({
  imports: [
    ObjectDefinitionsModule,
    AssociationDefinitionsModule,
    RecordsModule,
    EventsModule,
    PropertyIndexesModule,
  ],
  controllers: [DataModelController],
  providers: [
    AutoIndexesService,
    DataChecksService,
    DataModelObjectsService,
    DataModelPurgeService,
    PropertiesService,
    DefinitionChanges,
  ],
  exports: [DataChecksService, DataModelObjectsService, DefinitionChanges, PropertiesService],
})
export class DataModelModule {}
