import { Injectable } from '@nestjs/common';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { UUID } from 'src/common/uuid';
import { type Organization, OrganizationsRepository } from './organizations.repository';

export const DEFAULT_ORGANIZATION_SLUG = 'default';

@Injectable()
export class OrganizationsService {
  private defaultId: string | undefined;
  private readonly knownIds = new Set<string>();

  constructor(private readonly repository: OrganizationsRepository) {}

  /** The organization created at first start, which requests without an organization act for. */
  async ensureDefaultOrganization(): Promise<Organization> {
    const organization = await this.repository.insertIfAbsent(
      'Default organization',
      DEFAULT_ORGANIZATION_SLUG,
    );
    this.defaultId = organization.id;
    this.knownIds.add(organization.id);
    return organization;
  }

  async defaultOrganizationId(): Promise<string> {
    return this.defaultId ?? (await this.ensureDefaultOrganization()).id;
  }

  async createOrganization(name: string, slug: string): Promise<Organization> {
    const organization = await this.repository.insertIfAbsent(name, slug);
    this.knownIds.add(organization.id);
    return organization;
  }

  listOrganizationIds(): Promise<string[]> {
    return this.repository.findAllIds();
  }

  /** Resolves the organization a request names by id or slug; unknown → 404. */
  async resolveOrganization(idOrSlug: string | undefined): Promise<string> {
    if (idOrSlug === undefined || idOrSlug === '') {
      return this.defaultOrganizationId();
    }
    if (this.knownIds.has(idOrSlug)) {
      return idOrSlug;
    }
    const organization = UUID.test(idOrSlug)
      ? await this.repository.findById(idOrSlug)
      : await this.repository.findBySlug(idOrSlug);
    if (!organization) {
      throw new AppError(ErrorCode.OrganizationNotFound, `No organization "${idOrSlug}"`);
    }
    this.knownIds.add(organization.id);
    return organization.id;
  }
}
