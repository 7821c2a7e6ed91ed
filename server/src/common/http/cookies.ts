import { parseCookie, stringifySetCookie, type SerializeOptions } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

const COOKIES = Symbol('cookies');

type WithCookies = FastifyRequest & { [COOKIES]?: Record<string, string | undefined> };

/** The request's cookies, parsed once (and only for a request that reads them). */
export function cookiesOf(request: FastifyRequest): Record<string, string | undefined> {
  const cached = request as WithCookies;
  cached[COOKIES] ??= parseCookie(request.headers.cookie ?? '');
  return cached[COOKIES];
}

/** Adds a Set-Cookie header (beside any other the reply sets). */
export function setCookie(
  reply: FastifyReply,
  name: string,
  value: string,
  options: SerializeOptions,
): void {
  reply.header('set-cookie', stringifySetCookie(name, value, options));
}

/** Tells the browser to drop the cookie: an empty value that expired long ago. */
export function clearCookie(reply: FastifyReply, name: string, options: SerializeOptions): void {
  setCookie(reply, name, '', { ...options, expires: new Date(0), maxAge: undefined });
}
