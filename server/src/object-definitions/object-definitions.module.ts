import { Module } from '@nestjs/common';
import { SystemDefinitionsBootstrap } from 'src/association-definitions/system-definitions.bootstrap';
import { DataChecksService } from 'src/data-model/data-checks.service';
import { DataModelObjectsService } from 'src/data-model/data-model-objects.service';
import { DataModelPurgeService } from 'src/data-model/data-model-purge.service';
import { DataModelController } from 'src/data-model/data-model.controller';
import { DataModelService } from 'src/data-model/properties.service';
import { DefinitionsTransferController } from 'src/definitions-transfer/definitions-transfer.controller';
import { DefinitionsTransferService } from 'src/definitions-transfer/definitions-transfer.service';
import { OrganizationsModule } from 'src/organizations/organizations.module';
import { PropertyIndexesRepository } from 'src/property-indexes/property-indexes.repository';
import { PropertyIndexesService } from 'src/property-indexes/property-indexes.service';
import { DefinitionChangeListener } from './definition-change.listener';
import { DefinitionRegistry } from './definition-registry';
import { DefinitionWriter } from './definition-writer';
import { ObjectDefinitionsController } from './object-definitions.controller';
import { ObjectDefinitionsRepository } from './object-definitions.repository';
import { ObjectDefinitionsService } from './object-definitions.service';

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
