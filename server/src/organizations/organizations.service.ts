import { Injectable } from '@nestjs/common';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { UUID } from 'src/common/uuid';
import { type Organization, OrganizationsRepository } from './organizations.repository';

export const DEFAULT_ORGANIZATION_SLUG = 'default';

@Injectable()
export class OrganizationsService {
  private defaultId: string | undefined;

  constructor(private readonly repository: OrganizationsRepository) {}

  /** The organization created at first start (the first run makes its owner, docs/architecture.md). */
  async ensureDefaultOrganization(): Promise<Organization> {
    const organization = await this.repository.insertIfAbsent(
      'Default organization',
      DEFAULT_ORGANIZATION_SLUG,
    );
    this.defaultId = organization.id;
    return organization;
  }

  async defaultOrganizationId(): Promise<string> {
    return this.defaultId ?? (await this.ensureDefaultOrganization()).id;
  }

  async createOrganization(name: string, slug: string): Promise<Organization> {
    const organization = await this.repository.insertIfAbsent(name, slug);
    return organization;
  }

  /**
   * Whether the organization holds the system definitions whose content hash is `hash` (set by
   * `markSystemDefinitions` once they were registered or upgraded).
   */
  hasSystemDefinitions(organizationId: string, hash: string): Promise<boolean> {
    return this.repository.hasSystemDefinitionsHash(organizationId, hash);
  }

  markSystemDefinitions(organizationId: string, hash: string): Promise<void> {
    return this.repository.setSystemDefinitionsHash(organizationId, hash);
  }

  /** A page (in id order, after `afterId`) of the organizations not marked with `hash`. */
  listOrganizationsWithoutSystemDefinitions(
    hash: string,
    afterId: string | null,
    limit: number,
  ): Promise<string[]> {
    return this.repository.findIdsWithoutSystemDefinitionsHash(hash, afterId, limit);
  }

  countOrganizationsWithoutSystemDefinitions(hash: string): Promise<number> {
    return this.repository.countWithoutSystemDefinitionsHash(hash);
  }

  /** The organization an id or a slug names, if any (who may act for it is access/'s concern). */
  findOrganization(idOrSlug: string): Promise<Organization | null> {
    return UUID.test(idOrSlug)
      ? this.repository.findById(idOrSlug)
      : this.repository.findBySlug(idOrSlug);
  }

  /** Like findOrganization, but an unknown one is 404 ORGANIZATION_NOT_FOUND. */
  async getOrganization(idOrSlug: string): Promise<Organization> {
    const organization = await this.findOrganization(idOrSlug);
    if (!organization) {
      throw new AppError(ErrorCode.OrganizationNotFound, `No organization "${idOrSlug}"`);
    }
    return organization;
  }
}
