import { Module } from '@nestjs/common';
import { RecordLinksRegistry } from 'src/association-definitions/link-side';
import { ObjectDefinitionsModule } from 'src/object-definitions/object-definitions.module';
import { RecordSearchRepository } from './record-search.repository';
import { RecordSearchService } from './record-search.service';
import { RecordsBatchService } from './records-batch.service';
import { RecordsController } from './records.controller';
import { RecordsRepository } from './records.repository';
import { RecordsService } from './records.service';

@Module({
  imports: [ObjectDefinitionsModule],
  controllers: [RecordsController],
  providers: [
    RecordsRepository,
    RecordsService,
    RecordsBatchService,
    RecordLinksRegistry,
    RecordSearchRepository,
    RecordSearchService,
  ],
  exports: [RecordsService, RecordLinksRegistry],
})
export class RecordsModule {}
