import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AccessGuard } from 'src/access/access.guard';
import { AccessModule } from 'src/access/access.module';
import { AssociationDefinitionsModule } from 'src/association-definitions/association-definitions.module';
import { AssociationsModule } from 'src/associations/associations.module';
import {
  RATE_LIMIT_WINDOW_MS,
  RateLimitGuard,
  SharedThrottlerStorage,
} from 'src/common/http/rate-limit';
import type { AppConfig } from 'src/config/app-config';
import { DataModelModule } from 'src/data-model/data-model.module';
import { DatabaseModule } from 'src/database/database.module';
import { DefinitionsTransferModule } from 'src/definitions-transfer/definitions-transfer.module';
import { HealthModule } from 'src/health/health.module';
import { HubSpotModule } from 'src/hubspot/hubspot.module';
import { IdempotencyModule } from 'src/idempotency/idempotency.module';
import { ImportsModule } from 'src/imports/imports.module';
import { ObjectDefinitionsModule } from 'src/object-definitions/object-definitions.module';
import { OpenApiModule } from 'src/openapi/openapi.module';
import { OrganizationsModule } from 'src/organizations/organizations.module';
import { RecordsModule } from 'src/records/records.module';
import { TimelineModule } from 'src/timeline/timeline.module';
import { WebhooksModule } from 'src/webhooks/webhooks.module';
import type { DataSource } from 'typeorm';

@Module({})
export class AppModule {
  static forRoot(dataSource: DataSource, config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DatabaseModule.forRoot(dataSource, config),
        ThrottlerModule.forRoot({
          throttlers: [{ ttl: RATE_LIMIT_WINDOW_MS, limit: config.rateLimitPerMinute }],
          storage: new SharedThrottlerStorage(),
        }),
        HealthModule,
        IdempotencyModule,
        OrganizationsModule,
        AccessModule,
        // Before every module that imports ObjectDefinitionsModule: its `export` route is
        // registered before `GET object-definitions/:name`.
        DefinitionsTransferModule,
        ObjectDefinitionsModule,
        AssociationDefinitionsModule,
        RecordsModule,
        DataModelModule,
        AssociationsModule,
        TimelineModule,
        WebhooksModule,
        ImportsModule,
        HubSpotModule,
        OpenApiModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: RateLimitGuard },
        // Deny by default: a route without @Access is refused (docs/architecture.md, "Access").
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
    };
  }
}
