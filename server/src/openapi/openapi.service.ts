import { Injectable } from '@nestjs/common';
import { AssociationDefinitionsService } from 'src/association-definitions/association-definitions.service';
import { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import type { RequestContext } from 'src/organizations/request-context';
import { stringify } from 'yaml';
import { buildOpenApiDocument } from './openapi-document.builder';
import { toOpenApiLinks } from './openapi-links';
import { permissionsKey } from './openapi-permissions';
import type { OpenApiDefinition, OpenApiDocument, OpenApiLink } from './openapi.types';

/**
 * Documents (per organization and permissions) that stay cached; the least recently used beyond
 * it is dropped.
 */
const MAX_CACHED_ORGANIZATIONS = 100;

interface CachedDocument {
  /** The definitions' (id, version) list and their association sides the document was built from. */
  key: string;
  document: OpenApiDocument;
  yaml?: string;
}

/**
 * Serves each organization's OpenAPI document, as the caller's role sees it (what it may read and
 * call). It is rebuilt when the organization's definitions change (a new object, property or
 * version), so a new custom object appears on the next request.
 */
@Injectable()
export class OpenApiService {
  private fixedDocument: OpenApiDocument | undefined;
  /** The document of a caller without a credential: the fixed endpoints only. */
  private anonymous: CachedDocument | undefined;
  private readonly cache = new Map<string, CachedDocument>();

  constructor(
    private readonly definitions: ObjectDefinitionsService,
    private readonly links: AssociationDefinitionsService,
  ) {}

  /** Set once at start-up (openapi.setup.ts): the decorator-built part needs the Nest app. */
  useFixedDocument(document: OpenApiDocument): void {
    this.fixedDocument = document;
    this.anonymous = undefined;
    this.cache.clear();
  }

  /** The caller's document; without a context (no credential) the fixed endpoints only. */
  async getDocument(context: RequestContext | undefined): Promise<OpenApiDocument> {
    return (await this.entryFor(context)).document;
  }

  async getDocumentYaml(context: RequestContext | undefined): Promise<string> {
    const entry = await this.entryFor(context);
    entry.yaml ??= stringify(entry.document, { aliasDuplicateObjects: false, lineWidth: 0 });
    return entry.yaml;
  }

  /** Each definition with its association sides (as records answer them), in a stable order. */
  private withLinks<T extends OpenApiDefinition>(
    context: RequestContext,
    definitions: T[],
  ): Promise<Array<T & { links: OpenApiLink[] }>> {
    return Promise.all(
      definitions.map(async (definition) => {
        const links = toOpenApiLinks(await this.links.sidesOfObject(context, definition.name));
        return { ...definition, links };
      }),
    );
  }

  private entryFor(context: RequestContext | undefined): Promise<CachedDocument> | CachedDocument {
    if (context) {
      return this.cached(context);
    }
    this.anonymous ??= { key: '', document: buildOpenApiDocument(this.fixed(), []) };
    return this.anonymous;
  }

  private fixed(): OpenApiDocument {
    if (!this.fixedDocument) {
      throw new Error('The fixed OpenAPI document is not set: configureOpenApi did not run');
    }
    return this.fixedDocument;
  }

  private async cached(context: RequestContext): Promise<CachedDocument> {
    const fixedDocument = this.fixed();
    const definitions = await this.withLinks(
      context,
      await this.definitions.listDefinitions(context),
    );
    const key = JSON.stringify(
      definitions
        .map((definition) => ({ id: `${definition.id}@${definition.version}`, definition }))
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map(({ id, definition }) => [id, definition.links]),
    );
    // One document per organization and permissions: every member of a role shares it.
    const cacheKey = `${context.organizationId} ${permissionsKey(context.permissions)}`;
    let entry = this.cache.get(cacheKey);
    if (entry?.key !== key) {
      entry = {
        key,
        document: buildOpenApiDocument(fixedDocument, definitions, context.permissions),
      };
    }
    this.cache.delete(cacheKey);
    this.cache.set(cacheKey, entry);
    const oldest = this.cache.keys().next().value;
    if (this.cache.size > MAX_CACHED_ORGANIZATIONS && oldest !== undefined) {
      this.cache.delete(oldest);
    }
    return entry;
  }
}
