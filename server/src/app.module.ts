import {
  type DynamicModule,
  type MiddlewareConsumer,
  Module,
  type NestModule,
} from '@nestjs/common';
import { AssociationDefinitionsModule } from 'src/association-definitions/association-definitions.module';
import { AssociationsModule } from 'src/associations/associations.module';
import type { AppConfig } from 'src/config/app-config';
import { DataModelModule } from 'src/data-model/data-model.module';
import { DatabaseModule } from 'src/database/database.module';
import { DefinitionsTransferModule } from 'src/definitions-transfer/definitions-transfer.module';
import { HealthModule } from 'src/health/health.module';
import { ObjectDefinitionsModule } from 'src/object-definitions/object-definitions.module';
import { OpenApiModule } from 'src/openapi/openapi.module';
import { OrganizationsModule } from 'src/organizations/organizations.module';
import { RequestContextMiddleware } from 'src/organizations/request-context.middleware';
import { RecordsModule } from 'src/records/records.module';
import type { DataSource } from 'typeorm';

@Module({})
export class AppModule implements NestModule {
  static forRoot(dataSource: DataSource, config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DatabaseModule.forRoot(dataSource, config),
        HealthModule,
        OrganizationsModule,
        // Before every module that imports ObjectDefinitionsModule: its `export` route is
        // registered before `GET object-definitions/:name`.
        DefinitionsTransferModule,
        ObjectDefinitionsModule,
        AssociationDefinitionsModule,
        RecordsModule,
        DataModelModule,
        AssociationsModule,
        OpenApiModule,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestContextMiddleware).forRoutes('*path');
  }
}
