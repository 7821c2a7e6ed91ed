import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { createHash } from 'node:crypto';
import { AssociationDefinitionsService } from 'src/association-definitions/association-definitions.service';
import { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import type { RequestContext } from 'src/organizations/request-context';
import { stringify } from 'yaml';
import { buildOpenApiDocument } from './openapi-document.builder';
import { toOpenApiLinks } from './openapi-links';
import { permissionsKey } from './openapi-permissions';
import type { OpenApiDefinition, OpenApiDocument, OpenApiLink } from './openapi.types';

/** Distinct documents kept; the least recently used beyond it is dropped. */
const MAX_CACHED_DOCUMENTS = 100;

interface CachedDocument {
  document: OpenApiDocument;
  yaml?: string;
}

/**
 * Serves each organization's OpenAPI document, as the caller's role sees it (what it may read and
 * call). A document depends only on the content of the definitions it is built from (never their
 * ids) and on the permissions, so it is cached by those: organizations with the same objects
 * (every new one: the system objects) share one document per role, and a changed definition (a new
 * object, property or association) gives a new document on the next request.
 */
@Injectable()
export class OpenApiService {
  private fixedDocument: OpenApiDocument | undefined;
  private readonly cache = new LRUCache<string, CachedDocument>({ max: MAX_CACHED_DOCUMENTS });

  constructor(
    private readonly definitions: ObjectDefinitionsService,
    private readonly links: AssociationDefinitionsService,
  ) {}

  /** Set once at start-up (openapi.setup.ts): the decorator-built part needs the Nest app. */
  useFixedDocument(document: OpenApiDocument): void {
    this.fixedDocument = document;
    this.cache.clear();
  }

  async getDocument(context: RequestContext): Promise<OpenApiDocument> {
    return (await this.cached(context)).document;
  }

  async getDocumentYaml(context: RequestContext): Promise<string> {
    const entry = await this.cached(context);
    entry.yaml ??= stringify(entry.document, { aliasDuplicateObjects: false, lineWidth: 0 });
    return entry.yaml;
  }

  /**
   * What the document is built from: each definition's content (no ids, versions or times) with
   * its association sides (as records answer them), ordered by name.
   */
  private async openApiDefinitions(
    context: RequestContext,
  ): Promise<Array<OpenApiDefinition & { links: OpenApiLink[] }>> {
    const definitions = await this.definitions.listDefinitions(context);
    const withLinks = await Promise.all(
      definitions.map(async ({ name, labels, description, isSystem, properties, jsonSchema }) => ({
        name,
        labels,
        description,
        isSystem,
        properties,
        jsonSchema,
        links: toOpenApiLinks(await this.links.sidesOfObject(context, name)),
      })),
    );
    return withLinks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private async cached(context: RequestContext): Promise<CachedDocument> {
    const fixed = this.fixedDocument;
    if (!fixed) {
      throw new Error('The fixed OpenAPI document is not set: configureOpenApi did not run');
    }
    const definitions = await this.openApiDefinitions(context);
    const content = createHash('sha1').update(JSON.stringify(definitions)).digest('base64url');
    const key = `${content} ${permissionsKey(context.permissions)}`;
    let entry = this.cache.get(key);
    if (!entry) {
      entry = { document: buildOpenApiDocument(fixed, definitions, context.permissions) };
      this.cache.set(key, entry);
    }
    return entry;
  }
}
