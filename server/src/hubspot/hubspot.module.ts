import { Module } from '@nestjs/common';
import { AssociationDefinitionsModule } from 'src/association-definitions/association-definitions.module';
import { AssociationsModule } from 'src/associations/associations.module';
import { DataModelModule } from 'src/data-model/data-model.module';
import { ObjectDefinitionsModule } from 'src/object-definitions/object-definitions.module';
import { RecordsModule } from 'src/records/records.module';
import { HubSpotAssociationBatchController } from './hubspot-association-batch.controller';
import { HubSpotAssociationsController } from './hubspot-associations.controller';
import { HubSpotAssociationsService } from './hubspot-associations.service';
import { HubSpotBatchService } from './hubspot-batch.service';
import { HubSpotLinksService } from './hubspot-links.service';
import { HubSpotNamesService } from './hubspot-names.service';
import { HubSpotObjectsController } from './hubspot-objects.controller';
import { HubSpotObjectsService } from './hubspot-objects.service';
import { HubSpotPipelinesController } from './hubspot-pipelines.controller';
import { HubSpotPipelinesService } from './hubspot-pipelines.service';
import { HubSpotPropertiesController } from './hubspot-properties.controller';
import { HubSpotPropertiesService } from './hubspot-properties.service';
import {
  HubSpotSchemasAliasController,
  HubSpotSchemasController,
} from './hubspot-schemas.controller';
import { HubSpotSchemasService } from './hubspot-schemas.service';

/**
 * The HubSpot-compatible API: HubSpot's paths, names and wire shapes over the same services and
 * write path as the Plinth API (README "Coming from HubSpot", docs/architecture.md).
 */
@Module({
  imports: [
    ObjectDefinitionsModule,
    AssociationDefinitionsModule,
    RecordsModule,
    DataModelModule,
    AssociationsModule,
  ],
  controllers: [
    HubSpotObjectsController,
    HubSpotAssociationsController,
    HubSpotAssociationBatchController,
    HubSpotPipelinesController,
    HubSpotPropertiesController,
    HubSpotSchemasController,
    HubSpotSchemasAliasController,
  ],
  providers: [
    HubSpotNamesService,
    HubSpotLinksService,
    HubSpotObjectsService,
    HubSpotBatchService,
    HubSpotAssociationsService,
    HubSpotPipelinesService,
    HubSpotPropertiesService,
    HubSpotSchemasService,
  ],
})
export class HubSpotModule {}
