import { Inject, Injectable } from '@nestjs/common';
import { SystemDefinitionsBootstrap } from 'src/association-definitions/system-definitions.bootstrap';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { RUN_IN_TRANSACTION } from 'src/database/database.tokens';
import type { RunInTransaction } from 'src/database/transaction';
import { OrganizationsService } from 'src/organizations/organizations.service';
import type { RequestContext } from 'src/organizations/request-context';
import { AccessRepository } from './access.repository';
import type { OrganizationView } from './auth.service';
import { AuthenticationService } from './authentication.service';
import { MembersRepository } from './members.repository';

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The caller's organizations: list them, create one (its creator is the owner). */
@Injectable()
export class MyOrganizationsService {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly bootstrap: SystemDefinitionsBootstrap,
    private readonly members: MembersRepository,
    private readonly access: AccessRepository,
    private readonly authentication: AuthenticationService,
    @Inject(RUN_IN_TRANSACTION) private readonly runInTransaction: RunInTransaction,
  ) {}

  async listMyOrganizations(context: RequestContext): Promise<OrganizationView[]> {
    const userId = await this.userOf(context);
    if (userId === undefined) {
      const organization = await this.organizations.getOrganization(context.organizationId);
      return [
        {
          id: organization.id,
          name: organization.name,
          slug: organization.slug,
          role: context.role,
        },
      ];
    }
    return (await this.authentication.membershipsOf(userId)).map((m) => ({
      id: m.organizationId,
      name: m.name,
      slug: m.slug,
      role: m.role,
    }));
  }

  async createOrganization(
    context: RequestContext,
    input: { name: string; slug?: string },
  ): Promise<OrganizationView> {
    const userId = await this.userOf(context);
    if (userId === undefined) {
      throw new AppError(
        ErrorCode.Forbidden,
        'Only a member (or a key a member made) creates organizations.',
      );
    }
    const slug = input.slug ?? slugOf(input.name);
    if (!SLUG.test(slug)) {
      throw new AppError(
        ErrorCode.ValidationFailed,
        'slug must be lowercase letters, digits and -',
        {
          slug: 'must be lowercase letters, digits and -',
        },
      );
    }
    if (await this.organizations.findOrganization(slug)) {
      throw new AppError(ErrorCode.Conflict, `An organization "${slug}" exists already`);
    }
    const organization = await this.bootstrap.provisionOrganization(input.name, slug);
    await this.runInTransaction(async (tx) => {
      await this.members.insertMember(organization.id, userId, 'owner', tx);
      await this.access.notifyChange(organization.id, tx);
    });
    this.authentication.invalidateAll();
    return { id: organization.id, name: organization.name, slug: organization.slug, role: 'owner' };
  }

  /** The user acting: the signed-in one, or the one whose member made the key. */
  private async userOf(context: RequestContext): Promise<string | undefined> {
    if (context.actor.kind === 'member') {
      return context.actor.userId;
    }
    if (context.memberId === null) {
      return undefined;
    }
    return (await this.members.findMember(context.organizationId, context.memberId))?.userId;
  }
}

function slugOf(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return slug === '' ? `organization-${Date.now().toString(36)}` : slug;
}
