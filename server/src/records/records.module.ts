import { Module } from '@nestjs/common';
import { AssociationDefinitionsModule } from 'src/association-definitions/association-definitions.module';
import { EventsModule } from 'src/events/events.module';
import { ObjectDefinitionsModule } from 'src/object-definitions/object-definitions.module';
import { PropertyIndexesModule } from 'src/property-indexes/property-indexes.module';
import { AssociationsRepository } from './associations.repository';
import { PipelineReportRepository } from './pipeline-report.repository';
import { PipelineReportService } from './pipeline-report.service';
import { PipelinesController } from './pipelines.controller';
import { RecordAsOfService } from './record-as-of.service';
import { RecordDataRepository } from './record-data.repository';
import { RecordDataService } from './record-data.service';
import { RecordDuplicateMatcher } from './record-duplicates';
import { RecordDuplicatesRepository } from './record-duplicates.repository';
import { RecordDuplicatesService } from './record-duplicates.service';
import { RecordExportRepository } from './record-export.repository';
import { RecordExportService } from './record-export.service';
import { RecordKeysRepository } from './record-keys.repository';
import { RecordLinksService } from './record-links.service';
import { RecordMergeLinks } from './record-merge-links';
import { RecordMergeService } from './record-merge.service';
import { RECORD_OWNERS, RecordOwnersRepository } from './record-owners.repository';
import { RecordRecycleBinRepository } from './record-recycle-bin.repository';
import { RecordRecycleBinService } from './record-recycle-bin.service';
import { RecordSearchRepository } from './record-search.repository';
import { RecordSearchService } from './record-search.service';
import { RecordStatisticsRepository } from './record-statistics.repository';
import { RecordUpsertService } from './record-upsert.service';
import { RecordWriteAuthorizeStage } from './record-write-authorize.stage';
import { RecordWriteEventsStage } from './record-write-events.stage';
import { RecordWriteNormalizeStage } from './record-write-normalize.stage';
import { RecordWritePersistStage } from './record-write-persist.stage';
import { RecordWriteRulesStage } from './record-write-rules.stage';
import { RecordWriteValidateStage } from './record-write-validate.stage';
import { RecordWritePipeline } from './record-write.pipeline';
import { RecordWritesRepository } from './record-writes.repository';
import { RecordsBatchChangesService } from './records-batch-changes.service';
import { RecordsBatchService } from './records-batch.service';
import { RecordsController } from './records.controller';
import { RecordsRepository } from './records.repository';
import { RecordsService } from './records.service';

@Module({
  imports: [
    ObjectDefinitionsModule,
    AssociationDefinitionsModule,
    EventsModule,
    PropertyIndexesModule,
  ],
  controllers: [PipelinesController, RecordsController],
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
    RecordAsOfService,
    RecordRecycleBinRepository,
    RecordRecycleBinService,
    RecordExportRepository,
    RecordExportService,
    RecordKeysRepository,
    RecordStatisticsRepository,
    RecordDuplicatesRepository,
    RecordDuplicateMatcher,
    RecordDuplicatesService,
    RecordMergeLinks,
    RecordMergeService,
    RecordsBatchChangesService,
    RecordUpsertService,
    PipelineReportRepository,
    PipelineReportService,
    // The write path: its stages in order, and the repository only its persist stage holds.
    RecordWriteAuthorizeStage,
    { provide: RECORD_OWNERS, useClass: RecordOwnersRepository },
    RecordWriteNormalizeStage,
    RecordWriteValidateStage,
    RecordWriteRulesStage,
    RecordWritePersistStage,
    RecordWriteEventsStage,
    RecordWritesRepository,
    RecordWritePipeline,
  ],
  exports: [
    RecordsService,
    RecordLinksService,
    RecordDataService,
    RecordRecycleBinService,
    RecordUpsertService,
    RecordsBatchService,
    RecordSearchService,
  ],
})
export class RecordsModule {}
