import { Module } from '@nestjs/common';
import { ObjectDefinitionsModule } from 'src/object-definitions/object-definitions.module';
import { HealthController } from './health.controller';
import { HealthRepository } from './health.repository';
import { HealthService } from './health.service';

@Module({
  imports: [ObjectDefinitionsModule],
  controllers: [HealthController],
  providers: [HealthRepository, HealthService],
})
export class HealthModule {}
