import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PropertyIndexesModule } from 'src/property-indexes/property-indexes.module';
import { HealthController } from './health.controller';
import { HealthRepository } from './health.repository';
import { HealthService } from './health.service';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), PropertyIndexesModule],
  controllers: [HealthController],
  providers: [HealthRepository, HealthService],
})
export class HealthModule {}
