import { Module } from '@nestjs/common';
import { AssociationDefinitionsModule } from 'src/association-definitions/association-definitions.module';
import { RecordsModule } from 'src/records/records.module';
import { AssociationDefinitionsController } from './association-definitions.controller';
import { AssociationsController } from './associations.controller';
import { AssociationsService } from './associations.service';

/** The association API: association definitions and the links between records. */
@Module({
  imports: [AssociationDefinitionsModule, RecordsModule],
  controllers: [AssociationDefinitionsController, AssociationsController],
  providers: [AssociationsService],
  exports: [AssociationsService],
})
export class AssociationsModule {}
