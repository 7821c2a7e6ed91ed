import { Inject, Injectable } from '@nestjs/common';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { RUN_IN_TRANSACTION } from 'src/database/database.tokens';
import type { RunInTransaction } from 'src/database/transaction';
import type { RequestContext } from 'src/organizations/request-context';
import { checkMayGrant, notFound } from './access-rules';
import { AccessRepository } from './access.repository';
import { AuthenticationService } from './authentication.service';
import { hashSecret, randomToken } from './credentials';
import { type MemberRow, MembersRepository } from './members.repository';
import { checkNewPassword, hashPassword } from './passwords';
import { RolesService } from './roles.service';

/** A password-reset (or first password) link lasts a day. */
const RESET_TTL_MS = 24 * 3_600_000;

export interface NewMember {
  email: string;
  name?: string;
  role: string;
  /** Set directly (first run, tests); otherwise a new user gets a link to choose one. */
  password?: string;
}

export interface PasswordLink {
  url: string;
  expires_at: Date;
}

/** An organization's members: add, change role, remove, reset a password (docs/architecture.md). */
@Injectable()
export class MembersService {
  constructor(
    private readonly repository: MembersRepository,
    private readonly access: AccessRepository,
    private readonly roles: RolesService,
    private readonly authentication: AuthenticationService,
    @Inject(RUN_IN_TRANSACTION) private readonly runInTransaction: RunInTransaction,
  ) {}

  listMembers(context: RequestContext): Promise<MemberRow[]> {
    return this.repository.listMembers(context.organizationId);
  }

  async addMember(
    context: RequestContext,
    input: NewMember,
  ): Promise<{ member: MemberRow; passwordSetup?: PasswordLink }> {
    await this.checkRole(context, input.role);
    if (input.password !== undefined) {
      checkNewPassword(input.password);
    }
    const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
    const { memberId, isNewUser, userId } = await this.runInTransaction(async (tx) => {
      const existing = await this.repository.findUserByEmail(input.email, tx);
      const id =
        existing?.id ??
        (await this.repository.insertUser(
          { email: input.email, name: input.name ?? '', passwordHash },
          tx,
        ));
      if (existing && (await this.repository.findMemberOfUser(context.organizationId, id, tx))) {
        throw new AppError(ErrorCode.Conflict, `${input.email} is a member already`);
      }
      const member = await this.repository.insertMember(context.organizationId, id, input.role, tx);
      await this.access.notifyChange(context.organizationId, tx);
      return { memberId: member, isNewUser: !existing, userId: id };
    });
    this.authentication.invalidateAll();
    const member = await this.getMember(context, memberId);
    return isNewUser && passwordHash === null
      ? { member, passwordSetup: await this.newPasswordLink(userId) }
      : { member };
  }

  async getMember(context: RequestContext, id: string): Promise<MemberRow> {
    const member = await this.repository.findMember(context.organizationId, id);
    if (!member) {
      throw notFound('member', id);
    }
    return member;
  }

  async changeRole(context: RequestContext, id: string, role: string): Promise<MemberRow> {
    await this.checkRole(context, role);
    await this.runInTransaction(async (tx) => {
      const member = await this.repository.findMember(context.organizationId, id, tx);
      if (!member) {
        throw notFound('member', id);
      }
      checkMayGrant(context, member.role);
      if (member.role === 'owner' && role !== 'owner') {
        await this.checkNotLastOwner(context.organizationId, tx);
      }
      await this.repository.updateMemberRole(context.organizationId, id, role, tx);
      await this.access.notifyChange(context.organizationId, tx);
    });
    this.authentication.invalidateAll();
    return this.getMember(context, id);
  }

  async removeMember(context: RequestContext, id: string): Promise<void> {
    await this.runInTransaction(async (tx) => {
      const member = await this.repository.findMember(context.organizationId, id, tx);
      if (!member) {
        throw notFound('member', id);
      }
      checkMayGrant(context, member.role);
      if (member.role === 'owner') {
        await this.checkNotLastOwner(context.organizationId, tx);
      }
      await this.repository.deleteMember(context.organizationId, id, tx);
      await this.access.notifyChange(context.organizationId, tx);
    });
    this.authentication.invalidateAll();
  }

  /** A one-time link (shown to the admin) with which the member chooses a new password. */
  async createPasswordReset(context: RequestContext, id: string): Promise<PasswordLink> {
    const member = await this.getMember(context, id);
    return this.newPasswordLink(member.userId);
  }

  private async newPasswordLink(userId: string): Promise<PasswordLink> {
    const token = randomToken();
    const expiresAt = new Date(Date.now() + RESET_TTL_MS);
    await this.repository.insertPasswordReset(userId, hashSecret(token), expiresAt);
    return { url: `/#/set-password/${token}`, expires_at: expiresAt };
  }

  private async checkRole(context: RequestContext, role: string): Promise<void> {
    if (!(await this.roles.roleExists(context, role)) || role === 'custom') {
      throw new AppError(ErrorCode.ValidationFailed, `role "${role}" does not exist`, {
        role: 'no such role',
      });
    }
    checkMayGrant(context, role);
  }

  private async checkNotLastOwner(
    organizationId: string,
    tx: Parameters<Parameters<RunInTransaction>[0]>[0],
  ): Promise<void> {
    const owners = await this.repository.lockOwners(organizationId, tx);
    if (owners.length <= 1) {
      throw new AppError(
        ErrorCode.Conflict,
        'The organization needs an owner: make another member owner first.',
      );
    }
  }
}
