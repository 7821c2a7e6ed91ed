import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import type { Organization } from 'src/organizations/organizations.repository';
import { OrganizationsService } from 'src/organizations/organizations.service';
import { AssociationDefinitionsService } from './association-definitions.service';

/**
 * At start-up: the default organization exists and every organization has the system objects and
 * system associations.
 */
@Injectable()
export class SystemDefinitionsBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(SystemDefinitionsBootstrap.name);

  constructor(
    private readonly organizations: OrganizationsService,
    private readonly definitions: ObjectDefinitionsService,
    private readonly associations: AssociationDefinitionsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.definitions.loadSystemDefinitions();
    await this.organizations.ensureDefaultOrganization();
    let created = 0;
    let upgraded = 0;
    for (const organizationId of await this.organizations.listOrganizationIds()) {
      const result = await this.definitions.syncSystemDefinitions(organizationId);
      created += result.created.length;
      upgraded += result.upgraded.length;
      await this.runProvisioners(organizationId);
    }
    this.logger.log(`System objects registered (${created} created, ${upgraded} upgraded)`);
  }

  /** A new organization, ready to use: its system objects (and what builds on them) registered. */
  async provisionOrganization(name: string, slug: string): Promise<Organization> {
    const organization = await this.organizations.createOrganization(name, slug);
    await this.definitions.syncSystemDefinitions(organization.id);
    await this.runProvisioners(organization.id);
    return organization;
  }

  /** What builds on the system objects (docs/domain.md's associations), after them. */
  private async runProvisioners(organizationId: string): Promise<void> {
    await this.associations.syncSystemAssociations(organizationId);
  }
}
