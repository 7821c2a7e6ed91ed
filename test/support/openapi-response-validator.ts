import type { ValidateFunction } from 'ajv';
import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { createAjv } from 'src/object-definitions/ajv.factory';
import type { JsonSchema } from 'src/object-definitions/definition.types';
import { ERROR_BODY_SCHEMA, sharedComponents } from 'src/openapi/openapi-shared-components';
import type { OpenApiDocument, OpenApiObject } from 'src/openapi/openapi.types';

const SCHEMAS = '#/components/schemas/';
const CHECKED_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
/**
 * The record API: `/api/objects/{object}`, `…/{id}`, `…/batch`, `…/search`, and a record's
 * associations: `…/{id}/associations/{association}` and `…/{association}/{toId}`.
 */
const RECORD_API = /^\/api\/objects(\/[^/]+){0,2}(\/associations\/[^/]+(\/[^/]+)?)?\/?$/;

/** One response as it went over the wire. */
export interface RecordedResponse {
  method: string;
  path: string;
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

/** What a request presents: the document is the one these credentials are served. */
export interface RequestCredentials {
  authorization?: string;
  sessionToken?: string;
  organization?: string;
}

/** Which document a request is answered by (undefined: none, e.g. bad credentials). */
export type DocumentSource = (
  credentials: RequestCredentials,
) => Promise<OpenApiDocument | undefined>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mapRefs(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(mapRefs);
  }
  if (!isObject(value)) {
    return value;
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      key === '$ref' && typeof item === 'string' && item.startsWith(SCHEMAS)
        ? `#/$defs/${item.slice(SCHEMAS.length)}`
        : mapRefs(item),
    ]),
  );
}

function referencedComponents(value: unknown, found: Set<string>): void {
  if (Array.isArray(value)) {
    value.forEach((item) => referencedComponents(item, found));
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string' && item.startsWith(SCHEMAS)) {
        found.add(decodeURIComponent(item.slice(SCHEMAS.length).split('/')[0] ?? ''));
      } else {
        referencedComponents(item, found);
      }
    }
  }
}

/**
 * A schema of the document as a standalone JSON Schema: the component schemas it refers to
 * (transitively) become its `$defs`, and `#/components/schemas/X` refs point there.
 */
export function standaloneSchema(document: OpenApiDocument, schema: JsonSchema): JsonSchema {
  const components = document.components?.schemas ?? {};
  const names = new Set<string>();
  referencedComponents(schema, names);
  for (let size = -1; size !== names.size;) {
    size = names.size;
    for (const name of [...names]) {
      referencedComponents(components[name], names);
    }
  }
  const defs = Object.fromEntries(
    [...names].sort().map((name) => [name, mapRefs(components[name] ?? {})]),
  );
  return { ...(mapRefs(schema) as JsonSchema), ...(names.size > 0 ? { $defs: defs } : {}) };
}

function resolveRef(document: OpenApiDocument, value: unknown): OpenApiObject | undefined {
  if (!isObject(value)) {
    return undefined;
  }
  const ref = value.$ref;
  if (typeof ref !== 'string') {
    return value;
  }
  let target: unknown = document;
  for (const part of ref.replace(/^#\//, '').split('/')) {
    target = isObject(target) ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  return isObject(target) ? target : undefined;
}

interface PathMatcher {
  pattern: RegExp;
  pathItem: Record<string, unknown>;
}

const matchersByDocument = new WeakMap<OpenApiDocument, PathMatcher[]>();

/** The document's paths as patterns, literal ones first (compiled once per document). */
function pathMatchers(document: OpenApiDocument): PathMatcher[] {
  let matchers = matchersByDocument.get(document);
  if (!matchers) {
    matchers = Object.entries(document.paths)
      .sort(([a], [b]) => (a.match(/\{/g) ?? []).length - (b.match(/\{/g) ?? []).length)
      .map(([template, pathItem]) => ({
        pattern: new RegExp(
          `^${template
            .split(/\{[^}]+\}/)
            .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
            .join('[^/]+')}$`,
        ),
        pathItem: pathItem,
      }));
    matchersByDocument.set(document, matchers);
  }
  return matchers;
}

/**
 * The operation serving a request. As OpenAPI says, a literal path wins over a template
 * (`/deal/search` over `/deal/{id}`); a path without the method falls through to the next match
 * (`GET /deal/search` is a `GET /deal/{id}`, as the router sees it).
 */
function findOperation(
  document: OpenApiDocument,
  method: string,
  path: string,
): OpenApiObject | undefined {
  const matching = pathMatchers(document).filter(({ pattern }) => pattern.test(path));
  for (const { pathItem } of matching) {
    const operation = resolveRef(document, pathItem[method.toLowerCase()]);
    if (operation) {
      return operation;
    }
  }
  return undefined;
}

/**
 * Checks responses against the OpenAPI document of the organization they were served for: the
 * status must be documented for the operation, the body must match its schema (error bodies
 * included), required headers (Content-Range) must be there. Used by the test app on every
 * response to `/api/objects/…`, so code and document cannot drift apart unnoticed.
 */
export class OpenApiResponseValidator {
  private readonly ajv = createAjv();
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly byDocument = new WeakMap<OpenApiDocument, Map<string, ValidateFunction>>();
  private readonly pending: Array<Promise<string | undefined>> = [];
  private checked = 0;

  constructor(private readonly documentFor: DocumentSource) {}

  /** Records each response of `instance` to an object endpoint (a request hook). */
  attach(instance: FastifyInstance): void {
    instance.addHook('onRequest', (request, reply, done) => {
      this.record(request, reply.raw);
      done();
    });
  }

  private record(
    request: { method: string; url: string; headers: Record<string, unknown> },
    response: ServerResponse,
  ): void {
    const { method } = request;
    const path = request.url.split('?')[0] ?? '';
    if (!CHECKED_METHODS.has(method) || !RECORD_API.test(path)) {
      return;
    }
    // The document as it stands when the request arrives (a test may change definitions later).
    const header = (name: string): string | undefined => {
      const value = request.headers[name];
      return typeof value === 'string' ? value : undefined;
    };
    const document = this.documentFor({
      authorization: header('authorization'),
      sessionToken: /(?:^|;\s*)plinth_session=([^;]*)/.exec(header('cookie') ?? '')?.[1],
      organization: header('x-organization-id'),
    }).catch(() => undefined);
    const chunks: Buffer[] = [];
    const capture = (chunk: unknown, encoding?: unknown): void => {
      if (typeof chunk === 'string') {
        chunks.push(
          Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'),
        );
      } else if (chunk instanceof Uint8Array) {
        chunks.push(Buffer.from(chunk));
      }
    };
    // Fastify passes its headers to writeHead, which does not keep them for getHeaders().
    let sentHeaders: Record<string, unknown> = {};
    const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
    response.writeHead = (status: number, ...rest: unknown[]) => {
      const given = rest.find((arg) => typeof arg === 'object' && arg !== null) ?? {};
      sentHeaders = Object.fromEntries(
        Object.entries(given).map(([name, value]) => [name.toLowerCase(), value as unknown]),
      );
      return writeHead(status, ...rest);
    };
    const write = response.write.bind(response) as (...args: unknown[]) => boolean;
    const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
    response.write = ((chunk: unknown, ...rest: unknown[]) => {
      capture(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as ServerResponse['write'];
    response.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== 'function') {
        capture(chunk, rest[0]);
      }
      return end(chunk, ...rest);
    }) as ServerResponse['end'];
    response.once('finish', () => {
      const recorded: RecordedResponse = {
        method,
        path,
        status: response.statusCode,
        headers: { ...response.getHeaders(), ...sentHeaders },
        body: Buffer.concat(chunks).toString('utf8'),
      };
      this.pending.push(document.then((doc) => this.check(doc, recorded)));
    });
  }

  /** Every disagreement so far, one line each; waits for responses still being checked. */
  async violations(): Promise<string[]> {
    const results = await Promise.all(this.pending);
    return results.filter((result): result is string => result !== undefined);
  }

  /** The disagreements so far, forgotten here: an app shared by several test files reports each file's own. */
  async takeViolations(): Promise<string[]> {
    const taken = this.pending.splice(0, this.pending.length);
    const results = await Promise.all(taken);
    return results.filter((result): result is string => result !== undefined);
  }

  /** How many responses were checked (so a test can tell the validator ran). */
  async checkedCount(): Promise<number> {
    await Promise.all(this.pending);
    return this.checked;
  }

  check(document: OpenApiDocument | undefined, recorded: RecordedResponse): string | undefined {
    this.checked++;
    const label = `${recorded.method} ${recorded.path} → ${recorded.status}`;
    const operation = document && findOperation(document, recorded.method, recorded.path);
    if (!operation) {
      // An unknown object, organization or route: the one error body is all that is promised.
      return recorded.status >= 400
        ? this.checkBody(label, document, { $ref: `${SCHEMAS}${ERROR_BODY_SCHEMA}` }, recorded)
        : `${label}: the document has no such operation`;
    }
    const responses = isObject(operation.responses) ? operation.responses : {};
    const documented = resolveRef(
      document,
      responses[String(recorded.status)] ?? responses.default,
    );
    if (!documented) {
      return `${label}: status ${recorded.status} is not documented for ${String(operation.operationId)}`;
    }
    for (const [name, header] of Object.entries(
      isObject(documented.headers) ? documented.headers : {},
    )) {
      if (
        isObject(header) &&
        header.required === true &&
        recorded.headers[name.toLowerCase()] === undefined
      ) {
        return `${label}: the required header ${name} is missing`;
      }
    }
    // A CSV download (export.csv) is checked for its type only.
    if (isObject(documented.content) && documented.content['text/csv'] !== undefined) {
      const type = recorded.headers['content-type'];
      return typeof type === 'string' && type.startsWith('text/csv')
        ? undefined
        : `${label}: Content-Type is "${String(type)}", not text/csv`;
    }
    // Errors are problem details (application/problem+json); everything else is application/json.
    const content = isObject(documented.content)
      ? (documented.content['application/json'] ?? documented.content['application/problem+json'])
      : undefined;
    const schema = isObject(content) ? (content.schema as JsonSchema | undefined) : undefined;
    if (!schema) {
      return recorded.body === '' ? undefined : `${label}: a body where none is documented`;
    }
    return this.checkBody(label, document, schema, recorded);
  }

  private checkBody(
    label: string,
    document: OpenApiDocument | undefined,
    schema: JsonSchema,
    recorded: RecordedResponse,
  ): string | undefined {
    const rawType = recorded.headers['content-type'];
    const contentType = typeof rawType === 'string' ? rawType : '';
    const expectedType = recorded.status >= 400 ? 'application/problem+json' : 'application/json';
    if (!contentType.startsWith(expectedType)) {
      return `${label}: Content-Type is "${contentType}", not ${expectedType}`;
    }
    let body: unknown;
    try {
      body = JSON.parse(recorded.body);
    } catch {
      return `${label}: the body is not JSON`;
    }
    const validate = this.validatorFor(document ?? FALLBACK_DOCUMENT, schema);
    if (validate(body)) {
      return undefined;
    }
    const problems = (validate.errors ?? [])
      .slice(0, 10)
      .map(
        (error) =>
          `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)} (${error.schemaPath})`,
      );
    return `${label}: ${problems.join('; ')}\n    body: ${recorded.body.slice(0, 300)}`;
  }

  private validatorFor(document: OpenApiDocument, schema: JsonSchema): ValidateFunction {
    let byDocument = this.byDocument.get(document);
    if (!byDocument) {
      byDocument = new Map();
      this.byDocument.set(document, byDocument);
    }
    const schemaKey = JSON.stringify(schema);
    let validate = byDocument.get(schemaKey);
    if (!validate) {
      validate = this.compile(document, schema);
      byDocument.set(schemaKey, validate);
    }
    return validate;
  }

  /** Compiled once per distinct content: organizations with the same objects share validators. */
  private compile(document: OpenApiDocument, schema: JsonSchema): ValidateFunction {
    const standalone = standaloneSchema(document, schema);
    const key = createHash('sha1').update(JSON.stringify(standalone)).digest('hex');
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(standalone);
      this.validators.set(key, validate);
    }
    return validate;
  }
}

/** For responses no organization's document covers (an unknown organization): the error body. */
const FALLBACK_DOCUMENT: OpenApiDocument = {
  openapi: '3.1.0',
  info: {},
  paths: {},
  components: { schemas: sharedComponents().schemas },
};
