import { Module } from '@nestjs/common';
import { ObjectDefinitionsModule } from 'src/object-definitions/object-definitions.module';
import { RecordsModule } from 'src/records/records.module';
import { OpenApiController } from './openapi.controller';
import { OpenApiService } from './openapi.service';

@Module({
  imports: [ObjectDefinitionsModule, RecordsModule],
  controllers: [OpenApiController],
  providers: [OpenApiService],
  exports: [OpenApiService],
})
export class OpenApiModule {}
