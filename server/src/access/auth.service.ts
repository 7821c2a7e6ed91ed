import { Inject, Injectable } from '@nestjs/common';
import { sharedState } from 'src/common/cluster/primary-state';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { AppConfig } from 'src/config/app-config';
import { APP_CONFIG, RUN_IN_TRANSACTION } from 'src/database/database.tokens';
import type { RunInTransaction } from 'src/database/transaction';
import { OrganizationsService } from 'src/organizations/organizations.service';
import type { RequestContext } from 'src/organizations/request-context';
import { AccessRepository } from './access.repository';
import { AuthenticationService } from './authentication.service';
import { hashSecret, isWellFormedToken, randomToken } from './credentials';
import { LOGIN_THROTTLE_STATE, LoginThrottle } from './login-throttle';
import { MembersRepository } from './members.repository';
import { checkNewPassword, hashPassword, verifyPassword } from './passwords';
import { type PermissionsWire, toPermissionsWire } from './permissions-wire';

export interface OrganizationView {
  id: string;
  name: string;
  slug: string;
  role: string;
}

/** Who the caller is (`GET /api/auth/me`): the admin UI builds its menus from it. */
export interface Me {
  user: { id: string; email: string; name: string } | null;
  actor: { kind: string; id: string | null };
  organization: { id: string; name: string; slug: string };
  member: { id: string; role: string } | null;
  role: string;
  permissions: PermissionsWire;
  organizations: OrganizationView[];
}

const INVALID = 'Wrong email or password.';

/** Sign-in and sign-out, the caller's own account, and completing a password reset. */
@Injectable()
export class AuthService {
  /** Failed sign-ins, counted once across worker processes (docs/scaling.md, "Workers"). */
  private readonly throttle = sharedState(LOGIN_THROTTLE_STATE, new LoginThrottle());

  constructor(
    private readonly members: MembersRepository,
    private readonly access: AccessRepository,
    private readonly authentication: AuthenticationService,
    private readonly organizations: OrganizationsService,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'sessionTtlHours'>,
    @Inject(RUN_IN_TRANSACTION) private readonly runInTransaction: RunInTransaction,
  ) {}

  /**
   * A new session for the email and password; the token goes only into the cookie. A wrong
   * password and an unknown email get the same answer after the same work.
   */
  async login(
    input: { email: string; password: string; organization?: string },
    clientAddress: string,
  ): Promise<{ token: string; expiresAt: Date; me: Me }> {
    const throttleKey = `${input.email.toLowerCase()}|${clientAddress}`;
    const wait = await this.throttle('retryAfterSeconds', throttleKey);
    if (wait > 0) {
      throw new AppError(
        ErrorCode.RateLimited,
        'Too many failed sign-ins; try again later.',
      ).withRetryAfter(wait);
    }
    const user = await this.members.findUserByEmail(input.email);
    const isValid = await verifyPassword(user?.passwordHash ?? null, input.password);
    const memberships = user && isValid ? await this.authentication.membershipsOf(user.id) : [];
    const membership =
      input.organization === undefined
        ? memberships[0]
        : memberships.find(
            (m) => m.organizationId === input.organization || m.slug === input.organization,
          );
    if (!user || !isValid || !membership) {
      await this.throttle('recordFailure', throttleKey);
      throw new AppError(ErrorCode.InvalidCredentials, INVALID);
    }
    await this.throttle('recordSuccess', throttleKey);
    const token = randomToken();
    const expiresAt = new Date(Date.now() + this.config.sessionTtlHours * 3_600_000);
    await this.access.insertSession({
      hash: hashSecret(token),
      userId: user.id,
      organizationId: membership.organizationId,
      expiresAt,
    });
    const context: RequestContext = {
      organizationId: membership.organizationId,
      actor: { kind: 'member', id: membership.memberId, userId: user.id },
      memberId: membership.memberId,
      role: membership.role,
      permissions: await this.authentication.rolePermissions(
        membership.organizationId,
        membership.role,
      ),
    };
    return { token, expiresAt, me: await this.me(context) };
  }

  /** Ends the session in every process at once. */
  async logout(token: string | undefined): Promise<void> {
    if (token === undefined || !isWellFormedToken(token)) {
      return;
    }
    await this.access.deleteSession(hashSecret(token));
    await this.access.notifyChange('session');
    this.authentication.invalidateAll();
  }

  async me(context: RequestContext): Promise<Me> {
    const organization = await this.organizations.getOrganization(context.organizationId);
    const userId = context.actor.kind === 'member' ? context.actor.userId : undefined;
    const user = userId === undefined ? undefined : await this.members.findUserById(userId);
    const organizations = user
      ? (await this.authentication.membershipsOf(user.id)).map((m) => ({
          id: m.organizationId,
          name: m.name,
          slug: m.slug,
          role: m.role,
        }))
      : [
          {
            id: organization.id,
            name: organization.name,
            slug: organization.slug,
            role: context.role,
          },
        ];
    return {
      user: user ? { id: user.id, email: user.email, name: user.name } : null,
      actor: { kind: context.actor.kind, id: context.actor.id },
      organization: { id: organization.id, name: organization.name, slug: organization.slug },
      member:
        context.actor.kind === 'member' && context.memberId !== null
          ? { id: context.memberId, role: context.role }
          : null,
      role: context.role,
      permissions: toPermissionsWire(context.permissions),
      organizations,
    };
  }

  /** The signed-in user's own password; their other sessions end. */
  async changePassword(
    context: RequestContext,
    input: { currentPassword: string; newPassword: string },
    sessionToken: string | undefined,
  ): Promise<void> {
    if (context.actor.kind !== 'member') {
      throw new AppError(ErrorCode.Forbidden, 'Only a signed-in member has a password to change.');
    }
    const user = await this.members.findUserById(context.actor.userId);
    if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
      throw new AppError(ErrorCode.ValidationFailed, 'current_password is wrong', {
        current_password: 'is wrong',
      });
    }
    checkNewPassword(input.newPassword, 'new_password');
    const passwordHash = await hashPassword(input.newPassword);
    const keep = sessionToken !== undefined ? hashSecret(sessionToken) : null;
    await this.runInTransaction(async (tx) => {
      await this.members.setPassword(user.id, passwordHash, tx);
      await this.access.deleteOtherSessions(user.id, keep, tx);
      await this.access.notifyChange(context.organizationId, tx);
    });
    this.authentication.invalidateAll();
  }

  /** Completes a one-time reset link: the new password, and every session of the user ends. */
  async completePasswordReset(token: string, password: string): Promise<void> {
    checkNewPassword(password);
    const passwordHash = await hashPassword(password);
    await this.runInTransaction(async (tx) => {
      const userId = isWellFormedToken(token)
        ? await this.members.consumePasswordReset(hashSecret(token), tx)
        : undefined;
      if (userId === undefined) {
        throw new AppError(
          ErrorCode.NotFound,
          'This link is unknown, used or expired; ask an admin for a new one.',
        );
      }
      await this.members.setPassword(userId, passwordHash, tx);
      await this.access.deleteOtherSessions(userId, null, tx);
      await this.access.notifyChange('session', tx);
    });
    this.authentication.invalidateAll();
  }
}
