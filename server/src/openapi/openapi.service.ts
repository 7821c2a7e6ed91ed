import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { createHash } from 'node:crypto';
import { AssociationDefinitionsService } from 'src/association-definitions/association-definitions.service';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import type { RequestContext } from 'src/organizations/request-context';
import { stringify } from 'yaml';
import { buildOpenApiDocument } from './openapi-document.builder';
import { toOpenApiLinks } from './openapi-links';
import { permissionsKey } from './openapi-permissions';
import type { OpenApiDefinition, OpenApiDocument, OpenApiLink } from './openapi.types';

/** Distinct documents kept; the least recently used beyond it is dropped. */
const MAX_CACHED_DOCUMENTS = 100;

/** A definition of the caller's organization with its association sides, as records answer them. */
interface SourceDefinition {
  compiled: CompiledDefinition;
  links: OpenApiLink[];
}

/** The content of a definition a document depends on: never its id, version or times. */
function toOpenApiDefinition({
  name,
  labels,
  description,
  isSystem,
  properties,
  jsonSchema,
  keys,
  duplicate_rules,
}: CompiledDefinition): OpenApiDefinition {
  return {
    name,
    labels,
    description,
    ...(keys ? { keys } : {}),
    ...(duplicate_rules ? { duplicate_rules } : {}),
    isSystem,
    properties,
    jsonSchema,
  };
}

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
  private readonly definitionHashes = new WeakMap<CompiledDefinition, string>();
  /** The document of a caller without a credential: the fixed endpoints only. */
  private anonymous: CachedDocument | undefined;

  constructor(
    private readonly definitions: ObjectDefinitionsService,
    private readonly links: AssociationDefinitionsService,
  ) {}

  /** Set once at start-up (openapi.setup.ts): the decorator-built part needs the Nest app. */
  useFixedDocument(document: OpenApiDocument): void {
    this.fixedDocument = document;
    this.cache.clear();
    this.anonymous = undefined;
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

  /**
   * What the document is built from: each definition's content (no ids, versions or times) with
   * its association sides (as records answer them), ordered by name.
   */
  private async openApiDefinitions(context: RequestContext): Promise<SourceDefinition[]> {
    const definitions = await this.definitions.listDefinitions(context);
    const withLinks = await Promise.all(
      definitions.map(async (compiled) => ({
        compiled,
        links: toOpenApiLinks(await this.links.sidesOfObject(context, compiled.name)),
      })),
    );
    return withLinks.sort((a, b) =>
      a.compiled.name < b.compiled.name ? -1 : a.compiled.name > b.compiled.name ? 1 : 0,
    );
  }

  /**
   * The content hash of what a document is built from. A compiled definition is immutable (the
   * registry compiles a new one for each change), so its part is hashed once and kept with it.
   */
  private contentKey(sources: SourceDefinition[]): string {
    const hash = createHash('sha1');
    for (const { compiled, links } of sources) {
      let part = this.definitionHashes.get(compiled);
      if (part === undefined) {
        part = createHash('sha1')
          .update(JSON.stringify(toOpenApiDefinition(compiled)))
          .digest('base64url');
        this.definitionHashes.set(compiled, part);
      }
      hash.update(part).update(JSON.stringify(links));
    }
    return hash.digest('base64url');
  }

  private entryFor(context: RequestContext | undefined): Promise<CachedDocument> | CachedDocument {
    if (context) {
      return this.cached(context);
    }
    this.anonymous ??= { document: buildOpenApiDocument(this.fixed(), []) };
    return this.anonymous;
  }

  private fixed(): OpenApiDocument {
    if (!this.fixedDocument) {
      throw new Error('The fixed OpenAPI document is not set: configureOpenApi did not run');
    }
    return this.fixedDocument;
  }

  private async cached(context: RequestContext): Promise<CachedDocument> {
    const fixed = this.fixed();
    const sources = await this.openApiDefinitions(context);
    const key = `${this.contentKey(sources)} ${permissionsKey(context.permissions)}`;
    let entry = this.cache.get(key);
    if (!entry) {
      const definitions = sources.map(({ compiled, links }) => ({
        ...toOpenApiDefinition(compiled),
        links,
      }));
      entry = { document: buildOpenApiDocument(fixed, definitions, context.permissions) };
      this.cache.set(key, entry);
    }
    return entry;
  }
}
