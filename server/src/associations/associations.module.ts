import { Module, type OnModuleInit } from '@nestjs/common';
import { ObjectDefinitionsModule } from 'src/object-definitions/object-definitions.module';
import { SystemDefinitionsBootstrap } from 'src/object-definitions/system-definitions.bootstrap';
import { RecordsModule } from 'src/records/records.module';
import { AssociationDefinitionsController } from './association-definitions.controller';
import { AssociationDefinitionsRepository } from './association-definitions.repository';
import { AssociationDefinitionsService } from './association-definitions.service';
import { AssociationsController } from './associations.controller';
import { AssociationsRepository } from './associations.repository';
import { AssociationsService } from './associations.service';

@Module({
  imports: [ObjectDefinitionsModule, RecordsModule],
  controllers: [AssociationDefinitionsController, AssociationsController],
  providers: [
    AssociationDefinitionsRepository,
    AssociationsRepository,
    AssociationDefinitionsService,
    AssociationsService,
  ],
  exports: [AssociationDefinitionsService, AssociationsService],
})
export class AssociationsModule implements OnModuleInit {
  constructor(
    private readonly bootstrap: SystemDefinitionsBootstrap,
    private readonly definitions: AssociationDefinitionsService,
  ) {}

  /** DOMAIN.md's associations are provisioned in every organization, after its objects. */
  onModuleInit(): void {
    this.bootstrap.addProvisioner((organizationId) =>
      this.definitions.syncSystemAssociations(organizationId),
    );
  }
}
