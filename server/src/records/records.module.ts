import { Module } from '@nestjs/common';
import { AssociationDefinitionsModule } from 'src/association-definitions/association-definitions.module';
import { ObjectDefinitionsModule } from 'src/object-definitions/object-definitions.module';
import { AssociationsRepository } from './associations.repository';
import { RecordDataRepository } from './record-data.repository';
import { RecordDataService } from './record-data.service';
import { RecordLinksService } from './record-links.service';
import { RECORD_OWNERS, RecordOwnersRepository } from './record-owners.repository';
import { RecordSearchRepository } from './record-search.repository';
import { RecordSearchService } from './record-search.service';
import { RecordWriteAuthorizeStage } from './record-write-authorize.stage';
import { RECORD_EVENT_HOOKS, RecordWriteEventsStage } from './record-write-events.stage';
import { RecordWriteNormalizeStage } from './record-write-normalize.stage';
import { RecordWritePersistStage } from './record-write-persist.stage';
import { RecordWriteRulesStage } from './record-write-rules.stage';
import { RecordWriteValidateStage } from './record-write-validate.stage';
import { RecordWritePipeline } from './record-write.pipeline';
import { RecordWritesRepository } from './record-writes.repository';
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
    // The write path: its stages in order, and the repository only its persist stage holds.
    RecordWriteAuthorizeStage,
    { provide: RECORD_OWNERS, useClass: RecordOwnersRepository },
    RecordWriteNormalizeStage,
    RecordWriteValidateStage,
    RecordWriteRulesStage,
    RecordWritePersistStage,
    RecordWriteEventsStage,
    { provide: RECORD_EVENT_HOOKS, useValue: [] },
    RecordWritesRepository,
    RecordWritePipeline,
  ],
  exports: [
    RecordsService,
    RecordLinksService,
    RecordDataService,
    RecordsBatchService,
    RecordSearchService,
  ],
})
export class RecordsModule {}
