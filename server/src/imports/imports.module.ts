import { Module } from '@nestjs/common';
import { AssociationDefinitionsModule } from 'src/association-definitions/association-definitions.module';
import { ObjectDefinitionsModule } from 'src/object-definitions/object-definitions.module';
import { RecordsModule } from 'src/records/records.module';
import { ImportJobsRepository } from './import-jobs.repository';
import { ImportRunner } from './import-runner';
import { ImportsController } from './imports.controller';
import { ImportsService } from './imports.service';

@Module({
  imports: [RecordsModule, ObjectDefinitionsModule, AssociationDefinitionsModule],
  controllers: [ImportsController],
  providers: [ImportJobsRepository, ImportRunner, ImportsService],
  exports: [ImportsService, ImportRunner],
})
export class ImportsModule {}
