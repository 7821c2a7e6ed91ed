import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ObjectDefinitionsModule } from 'src/object-definitions/object-definitions.module';
import { HealthController } from './health.controller';
import { HealthRepository } from './health.repository';
import { HealthService } from './health.service';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), ObjectDefinitionsModule],
  controllers: [HealthController],
  providers: [HealthRepository, HealthService],
})
export class HealthModule {}
