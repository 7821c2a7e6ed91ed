import { Module } from '@nestjs/common';
import { OrganizationsModule } from 'src/organizations/organizations.module';
import { DefinitionRegistry } from './definition-registry';
import { ObjectDefinitionsController } from './object-definitions.controller';
import { ObjectDefinitionsRepository } from './object-definitions.repository';
import { ObjectDefinitionsService } from './object-definitions.service';
import { SystemDefinitionsBootstrap } from './system-definitions.bootstrap';

@Module({
  imports: [OrganizationsModule],
  controllers: [ObjectDefinitionsController],
  providers: [
    ObjectDefinitionsRepository,
    DefinitionRegistry,
    ObjectDefinitionsService,
    SystemDefinitionsBootstrap,
  ],
  exports: [ObjectDefinitionsService, SystemDefinitionsBootstrap],
})
export class ObjectDefinitionsModule {}
