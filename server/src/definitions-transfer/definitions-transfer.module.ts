import { Module } from '@nestjs/common';
import { DataModelModule } from 'src/data-model/data-model.module';
import { ObjectDefinitionsModule } from 'src/object-definitions/object-definitions.module';
import { RecordsModule } from 'src/records/records.module';
import { DefinitionsTransferController } from './definitions-transfer.controller';
import { DefinitionsTransferService } from './definitions-transfer.service';

/** Definitions as code: export and import (with the data model's checks). */
@Module({
  imports: [ObjectDefinitionsModule, RecordsModule, DataModelModule],
  controllers: [DefinitionsTransferController],
  providers: [DefinitionsTransferService],
})
export class DefinitionsTransferModule {}
