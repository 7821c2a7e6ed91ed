import { Module } from '@nestjs/common';
import { OrganizationsModule } from 'src/organizations/organizations.module';
import { DataChecksService } from './data-checks.service';
import { DataModelObjectsService } from './data-model-objects.service';
import { DataModelPurgeService } from './data-model-purge.service';
import { DataModelController } from './data-model.controller';
import { DataModelService } from './data-model.service';
import { DefinitionChangeListener } from './definition-change.listener';
import { DefinitionRegistry } from './definition-registry';
import { DefinitionWriter } from './definition-writer';
import { DefinitionsTransferController } from './definitions-transfer.controller';
import { DefinitionsTransferService } from './definitions-transfer.service';
import { ObjectDefinitionsController } from './object-definitions.controller';
import { ObjectDefinitionsRepository } from './object-definitions.repository';
import { ObjectDefinitionsService } from './object-definitions.service';
import { PropertyIndexesRepository } from './property-indexes.repository';
import { PropertyIndexesService } from './property-indexes.service';
import { SystemDefinitionsBootstrap } from './system-definitions.bootstrap';

@Module({
  imports: [OrganizationsModule],
  controllers: [DefinitionsTransferController, ObjectDefinitionsController, DataModelController],
  providers: [
    ObjectDefinitionsRepository,
    DefinitionRegistry,
    ObjectDefinitionsService,
    DefinitionWriter,
    DataChecksService,
    DataModelObjectsService,
    DataModelService,
    DataModelPurgeService,
    DefinitionsTransferService,
    DefinitionChangeListener,
    SystemDefinitionsBootstrap,
    PropertyIndexesRepository,
    PropertyIndexesService,
  ],
  exports: [
    ObjectDefinitionsService,
    DataModelService,
    SystemDefinitionsBootstrap,
    PropertyIndexesService,
  ],
})
export class ObjectDefinitionsModule {}
