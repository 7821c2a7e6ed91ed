import { Inject, Injectable, Logger } from '@nestjs/common';
import { SystemDefinitionsBootstrap } from 'src/association-definitions/system-definitions.bootstrap';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/database/database.tokens';
import {
  BUILT_IN_PERMISSIONS,
  isBuiltInRole,
  type Permissions,
} from 'src/organizations/permissions';
import type { RequestContext } from 'src/organizations/request-context';
import {
  AccessRepository,
  type ApiKeyRow,
  type MembershipRow,
  type SessionRow,
} from './access.repository';
import { bearerToken, hashSecret, isWellFormedApiKey, isWellFormedToken } from './credentials';
import { fromPermissionsWire, NO_PERMISSIONS, permissionsFromScopes } from './permissions-wire';
import { TtlCache } from './ttl-cache';

const CACHE_TTL_MS = 60_000;
const CACHE_SIZE = 10_000;
/** last_used_at and a session's sliding expiry are written at most this often. */
const TOUCH_INTERVAL_MS = 60_000;

/** What a request presents: a bearer key, a session cookie, the organization it names. */
export interface Credentials {
  authorization?: string;
  sessionToken?: string;
  organization?: string;
}

export interface Authenticated {
  context: RequestContext;
  via: 'api_key' | 'session';
}

function unauthenticated(message: string): AppError {
  return new AppError(ErrorCode.Unauthenticated, message);
}

function notAMember(organization: string): AppError {
  return new AppError(ErrorCode.OrganizationNotFound, `No organization "${organization}"`);
}

/**
 * Turns credentials into a RequestContext without a database round trip once warm: keys,
 * sessions, memberships and custom roles are cached per process and dropped on NOTIFY
 * (AccessChangeListener), so a revocation applies at once in every process.
 */
@Injectable()
export class AuthenticationService {
  private readonly logger = new Logger(AuthenticationService.name);
  private readonly keys = new TtlCache<ApiKeyRow>(CACHE_TTL_MS, CACHE_SIZE);
  private readonly sessions = new TtlCache<SessionRow>(CACHE_TTL_MS, CACHE_SIZE);
  private readonly memberships = new TtlCache<MembershipRow[]>(CACHE_TTL_MS, CACHE_SIZE);
  private readonly roles = new TtlCache<Permissions>(CACHE_TTL_MS, CACHE_SIZE);

  constructor(
    private readonly repository: AccessRepository,
    private readonly systemDefinitions: SystemDefinitionsBootstrap,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'sessionTtlHours'>,
  ) {}

  /** Anything about access changed somewhere: forget every cached credential and role. */
  invalidateAll(): void {
    this.keys.clear();
    this.sessions.clear();
    this.memberships.clear();
    this.roles.clear();
  }

  /**
   * undefined: the request presents no credential at all. The context's organization holds the
   * shipped system definitions before any request of it is served (a start no longer syncs every
   * organization: SystemDefinitionsBootstrap), at no cost once this process knows it does.
   */
  async authenticate(credentials: Credentials): Promise<Authenticated | undefined> {
    const authenticated = await this.authenticateCredentials(credentials);
    if (authenticated) {
      await this.systemDefinitions.ensureCurrent(authenticated.context.organizationId);
    }
    return authenticated;
  }

  private async authenticateCredentials(
    credentials: Credentials,
  ): Promise<Authenticated | undefined> {
    if (credentials.authorization !== undefined) {
      return { context: await this.authenticateKey(credentials), via: 'api_key' };
    }
    if (credentials.sessionToken !== undefined) {
      return { context: await this.authenticateSession(credentials), via: 'session' };
    }
    return undefined;
  }

  /** A role's permissions: built-in ones from code, custom ones from the organization's table. */
  async rolePermissions(organizationId: string, role: string): Promise<Permissions> {
    if (isBuiltInRole(role)) {
      return BUILT_IN_PERMISSIONS[role];
    }
    const cacheKey = `${organizationId}:${role}`;
    const cached = this.roles.get(cacheKey);
    if (cached) {
      return cached;
    }
    const stored = await this.repository.findRolePermissions(organizationId, role);
    // A role deleted meanwhile grants nothing.
    const permissions = stored === undefined ? NO_PERMISSIONS : fromPermissionsWire(stored);
    this.roles.set(cacheKey, permissions);
    return permissions;
  }

  async membershipsOf(userId: string): Promise<MembershipRow[]> {
    const cached = this.memberships.get(userId);
    if (cached) {
      return cached;
    }
    const rows = await this.repository.findMemberships(userId);
    this.memberships.set(userId, rows);
    return rows;
  }

  private async authenticateKey(credentials: Credentials): Promise<RequestContext> {
    const token = bearerToken(credentials.authorization);
    if (token === undefined || !isWellFormedApiKey(token)) {
      throw unauthenticated(
        'The Authorization header holds no well-formed API key (Bearer plk_…).',
      );
    }
    const hash = hashSecret(token);
    const cacheKey = hash.toString('hex');
    let key = this.keys.get(cacheKey);
    if (!key) {
      key = await this.repository.findApiKeyByHash(hash);
      if (!key) {
        throw unauthenticated('This API key is not valid.');
      }
      this.keys.set(cacheKey, key);
    }
    const now = Date.now();
    if (key.revokedAt !== null || (key.expiresAt !== null && key.expiresAt.getTime() <= now)) {
      throw unauthenticated('This API key was revoked or has expired.');
    }
    const named = credentials.organization;
    if (named !== undefined && named !== key.organizationId && named !== key.organizationSlug) {
      throw notAMember(named);
    }
    this.touchKey(key, now);
    const permissions = key.scopes
      ? permissionsFromScopes(key.scopes)
      : await this.rolePermissions(key.organizationId, key.role ?? '');
    return {
      organizationId: key.organizationId,
      actor: { kind: 'api_key', id: key.id },
      memberId: key.memberId,
      role: key.scopes ? 'custom' : (key.role ?? 'custom'),
      permissions,
    };
  }

  private touchKey(key: ApiKeyRow, now: number): void {
    if (key.lastUsedAt !== null && now - key.lastUsedAt.getTime() < TOUCH_INTERVAL_MS) {
      return;
    }
    key.lastUsedAt = new Date(now);
    // Outside the request's transaction and not awaited: bookkeeping never fails a request.
    this.repository
      .touchApiKey(key.organizationId, key.id)
      .catch((error: unknown) => this.logger.warn(`last_used_at not written: ${String(error)}`));
  }

  private async authenticateSession(credentials: Credentials): Promise<RequestContext> {
    const token = credentials.sessionToken ?? '';
    if (!isWellFormedToken(token)) {
      throw unauthenticated('The session cookie is malformed; sign in again.');
    }
    const hash = hashSecret(token);
    const cacheKey = hash.toString('hex');
    let session = this.sessions.get(cacheKey);
    if (!session) {
      session = await this.repository.findSessionByHash(hash);
      if (!session) {
        throw unauthenticated('The session has ended; sign in again.');
      }
      this.sessions.set(cacheKey, session);
    }
    const now = Date.now();
    if (session.expiresAt.getTime() <= now) {
      throw unauthenticated('The session has expired; sign in again.');
    }
    const membership = await this.chooseMembership(session, credentials.organization);
    this.touchSession(session, membership.organizationId, now);
    return {
      organizationId: membership.organizationId,
      actor: { kind: 'member', id: membership.memberId, userId: session.userId },
      memberId: membership.memberId,
      role: membership.role,
      permissions: await this.rolePermissions(membership.organizationId, membership.role),
    };
  }

  /** The organization named (id or slug) if the user is its member, else the last one chosen. */
  private async chooseMembership(
    session: SessionRow,
    named: string | undefined,
  ): Promise<MembershipRow> {
    const memberships = await this.membershipsOf(session.userId);
    const membership =
      named !== undefined
        ? memberships.find((m) => m.organizationId === named || m.slug === named)
        : (memberships.find((m) => m.organizationId === session.organizationId) ?? memberships[0]);
    if (!membership) {
      // Another organization's id answers as an unknown one would (docs/architecture.md).
      throw notAMember(named ?? 'of this user');
    }
    return membership;
  }

  private touchSession(session: SessionRow, organizationId: string, now: number): void {
    const isRecent = now - session.lastSeenAt.getTime() < TOUCH_INTERVAL_MS;
    if (isRecent && session.organizationId === organizationId) {
      return;
    }
    session.lastSeenAt = new Date(now);
    session.expiresAt = new Date(now + this.config.sessionTtlHours * 3_600_000);
    session.organizationId = organizationId;
    this.repository
      .touchSession(session.id, session.expiresAt, organizationId)
      .catch((error: unknown) => this.logger.warn(`session not extended: ${String(error)}`));
  }
}
