import { Module, type OnModuleInit } from '@nestjs/common';
import { DataModelService } from 'src/object-definitions/data-model.service';
import { ObjectDefinitionsModule } from 'src/object-definitions/object-definitions.module';
import { SystemDefinitionsBootstrap } from 'src/object-definitions/system-definitions.bootstrap';
import { RecordsModule } from 'src/records/records.module';
import { AssociationDefinitionsController } from './association-definitions.controller';
import { AssociationDefinitionsRepository } from './association-definitions.repository';
import { AssociationDefinitionsService } from './association-definitions.service';
import { AssociationRegistry } from './association-registry';
import { AssociationsController } from './associations.controller';
import { AssociationsRepository } from './associations.repository';
import { AssociationsService } from './associations.service';

@Module({
  imports: [ObjectDefinitionsModule, RecordsModule],
  controllers: [AssociationDefinitionsController, AssociationsController],
  providers: [
    AssociationDefinitionsRepository,
    AssociationRegistry,
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
    private readonly dataModel: DataModelService,
  ) {}

  /** DOMAIN.md's associations are provisioned in every organization, after its objects. */
  onModuleInit(): void {
    this.bootstrap.addProvisioner((organizationId) =>
      this.definitions.syncSystemAssociations(organizationId),
    );
    // A property may not shadow a reference field (`company_id` on a deal).
    this.dataModel.addPropertyNameGuard(async (context, objectName, propertyName) => {
      const sides = await this.definitions.sidesOfObject(context, objectName);
      const side = sides.find((s) => s.referenceField === propertyName);
      return side ? `it is the reference field of the association "${side.name}"` : undefined;
    });
  }
}
