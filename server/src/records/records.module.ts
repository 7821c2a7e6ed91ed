import { Module } from '@nestjs/common';
import { ObjectDefinitionsModule } from 'src/object-definitions/object-definitions.module';
import { RecordsController } from './records.controller';
import { RecordsRepository } from './records.repository';
import { RecordsService } from './records.service';

@Module({
  imports: [ObjectDefinitionsModule],
  controllers: [RecordsController],
  providers: [RecordsRepository, RecordsService],
  exports: [RecordsService],
})
export class RecordsModule {}
