import { Module } from '@nestjs/common';
import { AssociationDefinitionsModule } from 'src/association-definitions/association-definitions.module';
import { OrganizationsModule } from 'src/organizations/organizations.module';
import { AccessChangeListener } from './access-change.listener';
import { AccessRepository } from './access.repository';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AuthenticationHook } from './authentication.hook';
import { AuthenticationService } from './authentication.service';
import { FirstRunService } from './first-run.service';
import { MembersController } from './members.controller';
import { MembersRepository } from './members.repository';
import { MembersService } from './members.service';
import { MyOrganizationsService } from './my-organizations.service';
import { OrganizationsController } from './organizations.controller';
import { RolesController } from './roles.controller';
import { RolesRepository } from './roles.repository';
import { RolesService } from './roles.service';

/** Sign-in, sessions, API keys, members and roles; every request's RequestContext. */
@Module({
  imports: [OrganizationsModule, AssociationDefinitionsModule],
  controllers: [
    AuthController,
    MembersController,
    ApiKeysController,
    RolesController,
    OrganizationsController,
  ],
  providers: [
    AccessRepository,
    MembersRepository,
    RolesRepository,
    AuthenticationService,
    AuthenticationHook,
    AccessChangeListener,
    AuthService,
    MembersService,
    ApiKeysService,
    RolesService,
    MyOrganizationsService,
    FirstRunService,
  ],
  exports: [
    AuthenticationHook,
    AuthenticationService,
    MembersService,
    ApiKeysService,
    FirstRunService,
  ],
})
export class AccessModule {}
