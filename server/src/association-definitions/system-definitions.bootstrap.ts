import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { createHash } from 'node:crypto';
import { cachedPromise } from 'src/common/promise-cache';
import { type AppConfig, DEFAULT_ORGANIZATION_CACHE_SIZE } from 'src/config/app-config';
import { APP_CONFIG } from 'src/database/database.tokens';
import { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import type { Organization } from 'src/organizations/organizations.repository';
import { OrganizationsService } from 'src/organizations/organizations.service';
import { AssociationDefinitionsService } from './association-definitions.service';

/** Organizations the background pass reads per query. */
const BACKGROUND_PAGE_SIZE = 100;

/**
 * Every organization holds the system objects and system associations this server ships
 * (docs/architecture.md, "Many organizations"). A start no longer syncs each organization: it
 * makes sure of the default one, and each other organization is brought up to date
 * - before its first request in this process is served (`ensureCurrent`, called by
 *   authentication for every request, and by the command-line tools that act for one), or
 * - by the background pass (`upgradeInBackground`), one organization at a time,
 * whichever comes first. `organization.system_definitions_hash` says which shipped content an
 * organization holds, so finding out costs one indexed read, once per organization and process.
 */
@Injectable()
export class SystemDefinitionsBootstrap implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SystemDefinitionsBootstrap.name);
  /**
   * Organizations this process knows to be current (or is bringing up to date: one upgrade at a
   * time per organization), at most `organizationCacheSize`; one dropped is read again.
   */
  private readonly current: LRUCache<string, Promise<void>>;
  private hash: string | undefined;
  private background: Promise<number> | undefined;
  private isStopping = false;

  constructor(
    private readonly organizations: OrganizationsService,
    private readonly definitions: ObjectDefinitionsService,
    private readonly associations: AssociationDefinitionsService,
    @Optional() @Inject(APP_CONFIG) config?: Pick<AppConfig, 'organizationCacheSize'>,
  ) {
    this.current = new LRUCache({
      max: config?.organizationCacheSize ?? DEFAULT_ORGANIZATION_CACHE_SIZE,
    });
  }

  /** Validates the shipped files (fail fast) and brings the default organization up to date. */
  async onApplicationBootstrap(): Promise<void> {
    this.definitions.loadSystemDefinitions();
    const { id } = await this.organizations.ensureDefaultOrganization();
    await this.ensureCurrent(id);
    const outdated = await this.organizations.countOrganizationsWithoutSystemDefinitions(
      this.shippedHash(),
    );
    this.logger.log(
      `System objects registered; ${outdated} organizations to bring up to date on first use`,
    );
  }

  onApplicationShutdown(): void {
    this.isStopping = true;
  }

  /** A new organization, ready to use: its system objects (and what builds on them) registered. */
  async provisionOrganization(name: string, slug: string): Promise<Organization> {
    const organization = await this.organizations.createOrganization(name, slug);
    await this.upgrade(organization.id);
    this.current.set(organization.id, Promise.resolve());
    return organization;
  }

  /**
   * Resolves once the organization holds the shipped system definitions: at once when this process
   * knows it does; else after reading its hash and, if it differs, registering what is missing
   * and upgrading what changed (concurrent callers share that one upgrade).
   */
  ensureCurrent(organizationId: string): Promise<void> {
    return cachedPromise(this.current, organizationId, () => this.checkAndUpgrade(organizationId));
  }

  /**
   * Brings every organization not marked with the shipped hash up to date, one at a time, until
   * none is left or the app stops; resolves (never rejects) with how many it checked. Started once
   * per process (main.ts); a failure is logged and leaves that organization to its first request.
   */
  upgradeInBackground(): Promise<number> {
    this.background ??= this.runBackgroundPass();
    return this.background;
  }

  private async runBackgroundPass(): Promise<number> {
    let checked = 0;
    try {
      checked = await this.upgradePages((count) => (checked = count));
    } catch (error) {
      this.logger.error(`The background upgrade of system objects stopped`, error);
    }
    if (checked > 0) {
      this.logger.log(`System objects of ${checked} organizations checked in the background`);
    }
    return checked;
  }

  private async upgradePages(progress: (checked: number) => void): Promise<number> {
    const hash = this.shippedHash();
    let checked = 0;
    let afterId: string | null = null;
    while (!this.isStopping) {
      const page = await this.organizations.listOrganizationsWithoutSystemDefinitions(
        hash,
        afterId,
        BACKGROUND_PAGE_SIZE,
      );
      for (const organizationId of page) {
        if (this.isStopping) {
          break;
        }
        await this.ensureCurrent(organizationId).catch((error: unknown) =>
          this.logger.error(`Upgrading the system objects of ${organizationId} failed`, error),
        );
        progress(++checked);
      }
      if (page.length < BACKGROUND_PAGE_SIZE) {
        break;
      }
      afterId = page[page.length - 1] ?? null;
    }
    return checked;
  }

  private async checkAndUpgrade(organizationId: string): Promise<void> {
    if (!(await this.organizations.hasSystemDefinitions(organizationId, this.shippedHash()))) {
      await this.upgrade(organizationId);
    }
  }

  /** Idempotent: each sync takes the organization's lock and writes only what differs. */
  private async upgrade(organizationId: string): Promise<void> {
    await this.definitions.syncSystemDefinitions(organizationId);
    await this.runProvisioners(organizationId);
    await this.organizations.markSystemDefinitions(organizationId, this.shippedHash());
  }

  /** The content of everything a start used to sync in each organization: objects, associations. */
  private shippedHash(): string {
    this.hash ??= createHash('sha256')
      .update(this.definitions.systemDefinitionsHash())
      .update(this.associations.systemAssociationsHash())
      .digest('hex');
    return this.hash;
  }

  /** What builds on the system objects (docs/domain.md's associations), after them. */
  private async runProvisioners(organizationId: string): Promise<void> {
    await this.associations.syncSystemAssociations(organizationId);
  }
}
