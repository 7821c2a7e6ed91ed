import { Module } from '@nestjs/common';
import { OrganizationsRepository } from './organizations.repository';
import { OrganizationsService } from './organizations.service';
import { RequestContextMiddleware } from './request-context.middleware';

@Module({
  providers: [OrganizationsRepository, OrganizationsService, RequestContextMiddleware],
  exports: [OrganizationsService, RequestContextMiddleware],
})
export class OrganizationsModule {}
