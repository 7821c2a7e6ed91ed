import type { NextFunction, Request, RequestHandler, Response } from 'express';
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

/** Security headers for pages (admin UI, Swagger UI): helmet's set with a CSP the UIs work under. */
export const uiSecurityHeaders: RequestHandler = helmet({ contentSecurityPolicy: UI_CSP });

/** JSON answers need no CSP; they get helmet's other headers (nosniff, HSTS, frame options, …). */
const apiHelmet = helmet({ contentSecurityPolicy: false });

/**
 * API answers are never stored by a browser or shared cache (`no-store`), vary by the caller's
 * credentials and organization, and carry helmet's non-CSP headers. Swagger UI under `/api/docs`
 * is a page, so it gets the UI's CSP instead.
 */
export function apiHeadersMiddleware(docsPath: string): RequestHandler {
  return (request: Request, response: Response, next: NextFunction): void => {
    response.setHeader('Cache-Control', 'no-store');
    response.vary(API_VARY.join(', '));
    const isDocs = request.path === docsPath || request.path.startsWith(`${docsPath}/`);
    (isDocs ? uiSecurityHeaders : apiHelmet)(request, response, next);
  };
}
