import { Module } from '@nestjs/common';
import { EventsModule } from 'src/events/events.module';
import { RecordsModule } from 'src/records/records.module';
import { TimelineController } from './timeline.controller';
import { TimelineService } from './timeline.service';

/** The timeline HTTP API over the event log (above records, whose read rules it applies). */
@Module({
  imports: [RecordsModule, EventsModule],
  controllers: [TimelineController],
  providers: [TimelineService],
})
export class TimelineModule {}
