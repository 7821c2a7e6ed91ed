import { Inject, Injectable, Optional } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { type AppConfig, DEFAULT_ORGANIZATION_CACHE_SIZE } from 'src/config/app-config';
import { APP_CONFIG } from 'src/database/database.tokens';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import type { RequestContext } from 'src/organizations/request-context';
import { AssociationDefinitionsRepository } from './association-definitions.repository';
import { sidesByObject } from './association-sides';
import type { LinkSide } from './link-side';

interface Entry {
  /** The organization's live objects when the entry was made: sides depend on them too. */
  objects: readonly CompiledDefinition[];
  /** Stored before its query starts (see `entry`). */
  sides: Promise<Map<string, LinkSide[]>>;
}

function isSameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

/**
 * The association sides of each organization's objects, in memory: every record read and write
 * needs its object's sides, so they cost no query once loaded. At most `organizationCacheSize`
 * organizations are kept; the least recently used one is dropped beyond it (and reloaded on its
 * next request). An entry is dropped
 * - by `invalidate`, which the definitions service calls after each association change commits;
 * - when the organization's objects changed (archived, purged): `DefinitionRegistry` builds new
 *   definition objects on each load, so an entry made with other ones than the registry's current
 *   ones is reloaded. The registry is invalidated by this process's object changes and, through
 *   LISTEN/NOTIFY, by every other process's object and association changes (which NOTIFY the same
 *   channel), and entirely when the listener reconnects; so is this cache.
 *
 * Why a load cannot keep stale data: its promise is stored before its query runs, so a query that
 * reads data from before a commit belongs to an entry stored before the commit, which the
 * invalidation after the commit drops (the commit's NOTIFY, in other processes).
 */
@Injectable()
export class AssociationRegistry {
  private readonly byOrganization: LRUCache<string, Entry>;

  constructor(
    private readonly repository: AssociationDefinitionsRepository,
    private readonly objects: ObjectDefinitionsService,
    @Optional() @Inject(APP_CONFIG) config?: Pick<AppConfig, 'organizationCacheSize'>,
  ) {
    this.byOrganization = new LRUCache({
      max: config?.organizationCacheSize ?? DEFAULT_ORGANIZATION_CACHE_SIZE,
    });
  }

  /** The association sides of one object (none for an unknown one). */
  async sidesOf(context: RequestContext, objectName: string): Promise<LinkSide[]> {
    const sides = await (await this.entry(context)).sides;
    return [...(sides.get(objectName) ?? [])];
  }

  invalidate(organizationId: string): void {
    this.byOrganization.delete(organizationId);
  }

  private async entry(context: RequestContext): Promise<Entry> {
    const { organizationId } = context;
    // Read before the association definitions, so a later object change always drops the entry.
    const objects = await this.objects.listDefinitions(context);
    const cached = this.byOrganization.get(organizationId);
    if (cached && isSameList(cached.objects, objects)) {
      return cached;
    }
    const entry: Entry = {
      objects,
      sides: this.repository.findAll(organizationId).then(sidesByObject),
    };
    this.byOrganization.set(organizationId, entry);
    entry.sides.catch(() => {
      // A failed load is not kept; a newer entry stays.
      if (this.byOrganization.peek(organizationId) === entry) {
        this.byOrganization.delete(organizationId);
      }
    });
    return entry;
  }
}
