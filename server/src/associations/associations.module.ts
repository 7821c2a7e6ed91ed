import { Module, type OnModuleInit } from '@nestjs/common';
import { AssociationDefinitionsRepository } from 'src/association-definitions/association-definitions.repository';
import { AssociationDefinitionsService } from 'src/association-definitions/association-definitions.service';
import { AssociationRegistry } from 'src/association-definitions/association-registry';
import { SystemDefinitionsBootstrap } from 'src/association-definitions/system-definitions.bootstrap';
import { DataModelService } from 'src/data-model/properties.service';
import { ObjectDefinitionsModule } from 'src/object-definitions/object-definitions.module';
import { AssociationsRepository } from 'src/records/associations.repository';
import { RecordsModule } from 'src/records/records.module';
import { AssociationDefinitionsController } from './association-definitions.controller';
import { AssociationsController } from './associations.controller';
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
