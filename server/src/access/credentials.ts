import { createHash, randomBytes } from 'node:crypto';

/** API keys start with this, so a leaked one is recognisable (secret scanners, logs review). */
export const API_KEY_PREFIX = 'plk_';
/** How much of a key lists show: enough to tell keys apart, far too little to use one. */
export const API_KEY_SHOWN_LENGTH = 12;
export const SESSION_COOKIE = 'plinth_session';

const API_KEY = /^plk_[A-Za-z0-9_-]{43}$/;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** 32 random bytes, base64url: long and random enough that SHA-256 suffices to store it. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export function newApiKey(): string {
  return `${API_KEY_PREFIX}${randomToken()}`;
}

export function isWellFormedApiKey(value: string): boolean {
  return API_KEY.test(value);
}

export function isWellFormedToken(value: string): boolean {
  return TOKEN.test(value);
}

/** Keys, session and reset tokens are stored only as this: a database leak reveals none. */
export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** The token of `Authorization: Bearer <token>`, if the header has that form. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
