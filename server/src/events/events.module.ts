import { Module } from '@nestjs/common';
import { EventFeedService } from './event-feed.service';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';

/** The event log: below records, which appends to it in every write's transaction. */
@Module({
  providers: [EventsRepository, EventsService, EventFeedService],
  exports: [EventsService, EventFeedService],
})
export class EventsModule {}
