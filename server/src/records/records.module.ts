import { Module } from '@nestjs/common';
import { AssociationDefinitionsModule } from 'src/association-definitions/association-definitions.module';
import { ObjectDefinitionsModule } from 'src/object-definitions/object-definitions.module';
import { AssociationsRepository } from './associations.repository';
import { RecordDataRepository } from './record-data.repository';
import { RecordDataService } from './record-data.service';
import { RecordLinksService } from './record-links.service';
import { RecordSearchRepository } from './record-search.repository';
import { RecordSearchService } from './record-search.service';
import { RecordsBatchService } from './records-batch.service';
import { RecordsController } from './records.controller';
import { RecordsRepository } from './records.repository';
import { RecordsService } from './records.service';

@Module({
  imports: [ObjectDefinitionsModule, AssociationDefinitionsModule],
  controllers: [RecordsController],
  providers: [
    RecordsRepository,
    RecordsService,
    RecordsBatchService,
    AssociationsRepository,
    RecordLinksService,
    RecordDataRepository,
    RecordDataService,
    RecordSearchRepository,
    RecordSearchService,
  ],
  exports: [RecordsService, RecordLinksService, RecordDataService],
})
export class RecordsModule {}
