import helmet from 'helmet';

/**
 * Request headers an API answer depends on: the caller (Authorization, Cookie), the organization
 * and the CORS origin. A cache that ignored them could hand one organization's data to another.
 */
export const API_VARY = ['Authorization', 'Cookie', 'X-Organization-Id', 'Origin'];

/**
 * The admin UI and Swagger UI load only their own scripts; styles may be inline because emotion
 * (MUI) and Swagger UI inject `<style>` elements at run time; images and fonts may be data: URLs.
 * `'unsafe-eval'`: the admin UI validates forms with AJV on the schema it fetches at run time, and
 * AJV compiles a schema into a function (the same validator the server runs, docs/architecture.md).
 * No script from another origin and no inline script is allowed, so an injected `<script>` still
 * cannot run.
 */
const UI_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    scriptSrc: ["'self'", "'unsafe-eval'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    formAction: ["'self'"],
  },
};

/**
 * The headers a helmet configuration sets. They depend on its options only (no directive here is
 * a function of the request), so they are worked out once rather than by running helmet on every
 * request.
 */
function helmetHeaders(options: Parameters<typeof helmet>[0]): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let isDone = false;
  helmet(options)({} as never, response as never, () => {
    isDone = true;
  });
  if (!isDone) {
    throw new Error('helmet did not set its headers synchronously');
  }
  return headers;
}

/** Security headers for pages (admin UI, Swagger UI): helmet's set with a CSP the UIs work under. */
export const UI_HEADERS = helmetHeaders({ contentSecurityPolicy: UI_CSP });

/**
 * Everything under `/api` is never stored by a browser or shared cache (`no-store`) and varies by
 * the caller's credentials and organization.
 */
const NEVER_STORED = { 'cache-control': 'no-store', vary: API_VARY.join(', ') };

/** API answers: helmet's headers but a CSP (JSON needs none: nosniff, HSTS, frame options, …). */
export const API_HEADERS: Readonly<Record<string, string>> = {
  ...helmetHeaders({ contentSecurityPolicy: false }),
  ...NEVER_STORED,
};

/** Swagger UI under `/api/docs` is a page: the UI's headers. */
export const DOCS_HEADERS: Readonly<Record<string, string>> = { ...UI_HEADERS, ...NEVER_STORED };
