import { Module } from '@nestjs/common';
import { ObjectDefinitionsModule } from 'src/object-definitions/object-definitions.module';
import { OrganizationsModule } from 'src/organizations/organizations.module';
import { AssociationDefinitionsRepository } from './association-definitions.repository';
import { AssociationDefinitionsService } from './association-definitions.service';
import { AssociationRegistry } from './association-registry';
import { SystemDefinitionsBootstrap } from './system-definitions.bootstrap';

/** Association definitions (typed links between objects): definition metadata, like objects. */
@Module({
  imports: [OrganizationsModule, ObjectDefinitionsModule],
  providers: [
    AssociationDefinitionsRepository,
    AssociationRegistry,
    AssociationDefinitionsService,
    SystemDefinitionsBootstrap,
  ],
  exports: [AssociationDefinitionsService, SystemDefinitionsBootstrap],
})
export class AssociationDefinitionsModule {}
