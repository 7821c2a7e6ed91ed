import type { RequestContext } from './request-context';

/** Names the organization a member of several acts for (id or slug); a key's is fixed. */
export const ORGANIZATION_HEADER = 'x-organization-id';
const CONTEXT = Symbol('requestContext');

type WithContext = object & { [CONTEXT]?: RequestContext };

/** Attaches the context authentication built (access/authentication.hook.ts). */
export function attachContext(request: object, context: RequestContext): void {
  (request as WithContext)[CONTEXT] = context;
}

/** The context of a request that presented a valid credential; undefined on an anonymous one. */
export function optionalContextOf(request: object): RequestContext | undefined {
  return (request as WithContext)[CONTEXT];
}

export function contextOf(request: object): RequestContext {
  const context = optionalContextOf(request);
  if (!context) {
    throw new Error('No authenticated context for this request (a public route reads none)');
  }
  return context;
}
