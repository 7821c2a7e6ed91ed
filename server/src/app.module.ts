import {
  type DynamicModule,
  type MiddlewareConsumer,
  Module,
  type NestModule,
} from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { DestinationStream } from 'pino';
import { AccessGuard } from 'src/access/access.guard';
import { AccessModule } from 'src/access/access.module';
import { AuthenticationMiddleware } from 'src/access/authentication.middleware';
import { AssociationDefinitionsModule } from 'src/association-definitions/association-definitions.module';
import { AssociationsModule } from 'src/associations/associations.module';
import { CreatedLocationInterceptor } from 'src/common/http/created-location';
import {
  RATE_LIMIT_WINDOW_MS,
  RateLimitGuard,
  SharedThrottlerStorage,
} from 'src/common/http/rate-limit';
import { loggingModule } from 'src/common/logging/logging';
import { RouteLogInterceptor } from 'src/common/logging/route-log.interceptor';
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
export class AppModule implements NestModule {
  static forRoot(
    dataSource: DataSource,
    config: AppConfig,
    logDestination?: DestinationStream,
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        loggingModule(config.logLevel, logDestination),
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
        { provide: APP_INTERCEPTOR, useClass: RouteLogInterceptor },
        { provide: APP_INTERCEPTOR, useClass: CreatedLocationInterceptor },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AuthenticationMiddleware).forRoutes('*path');
  }
}
