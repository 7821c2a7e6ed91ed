import { Module } from '@nestjs/common';
import { OrganizationsModule } from 'src/organizations/organizations.module';
import { PropertyIndexesModule } from 'src/property-indexes/property-indexes.module';
import { DefinitionChangeListener } from './definition-change.listener';
import { DefinitionRegistry } from './definition-registry';
import { DefinitionWriter } from './definition-writer';
import { ObjectDefinitionsRepository } from './object-definitions.repository';
import { ObjectDefinitionsService } from './object-definitions.service';

/**
 * Object definitions: load, validate, compile, serve, and write them (DefinitionWriter). Their HTTP
 * API is data-model/'s (one controller for `/api/object-definitions`).
 */
@Module({
  imports: [OrganizationsModule, PropertyIndexesModule],
  providers: [
    ObjectDefinitionsRepository,
    DefinitionRegistry,
    ObjectDefinitionsService,
    DefinitionWriter,
    DefinitionChangeListener,
  ],
  // The data model (data-model/, definitions-transfer/) changes definitions through the writer
  // and reads their rows with their history.
  exports: [ObjectDefinitionsService, DefinitionWriter, ObjectDefinitionsRepository],
})
export class ObjectDefinitionsModule {}
