import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/database/database.tokens';
import { OrganizationsService } from 'src/organizations/organizations.service';
import { systemContext } from 'src/organizations/request-context';
import { randomToken } from './credentials';
import { MembersRepository } from './members.repository';
import { MembersService } from './members.service';

export const DEFAULT_ADMIN_EMAIL = 'admin@localhost';

/** The first run's owner; `password` only when Plinth generated it (shown once, never stored). */
export interface FirstOwner {
  email: string;
  generatedPassword?: string;
}

/**
 * On a database without any user, the default organization gets its owner: from
 * PLINTH_ADMIN_EMAIL / PLINTH_ADMIN_PASSWORD, else admin@localhost with a generated password
 * that `npm start` prints once (README, "Users, roles and API keys").
 */
@Injectable()
export class FirstRunService {
  private readonly logger = new Logger(FirstRunService.name);

  constructor(
    private readonly members: MembersService,
    private readonly users: MembersRepository,
    private readonly organizations: OrganizationsService,
    @Inject(APP_CONFIG)
    private readonly config: Pick<AppConfig, 'adminEmail' | 'adminPassword'>,
  ) {}

  /** undefined: users exist already, nothing to do. */
  async ensureFirstOwner(): Promise<FirstOwner | undefined> {
    if ((await this.users.countUsers()) > 0) {
      return undefined;
    }
    const organizationId = await this.organizations.defaultOrganizationId();
    const email = this.config.adminEmail ?? DEFAULT_ADMIN_EMAIL;
    const generatedPassword = this.config.adminPassword === undefined ? randomToken() : undefined;
    await this.members.addMember(systemContext(organizationId), {
      email,
      name: 'Admin',
      role: 'owner',
      password: this.config.adminPassword ?? generatedPassword,
    });
    this.logger.log(`First run: ${email} is the owner of the default organization`);
    return { email, ...(generatedPassword !== undefined ? { generatedPassword } : {}) };
  }
}
