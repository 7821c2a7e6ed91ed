import { Injectable } from '@nestjs/common';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { RequestContext } from 'src/organizations/request-context';
import { checkMayGrant, CUSTOM_ROLE, notFound } from './access-rules';
import { type ApiKeyRow, AccessRepository } from './access.repository';
import { AuthenticationService } from './authentication.service';
import { API_KEY_SHOWN_LENGTH, hashSecret, newApiKey } from './credentials';
import { invalidScope } from './permissions-wire';
import { RolesService } from './roles.service';

export interface NewApiKey {
  name: string;
  role?: string;
  scopes?: string[];
}

/** API keys: made by admins (or the CLI), shown once, stored as SHA-256, revocable. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly repository: AccessRepository,
    private readonly roles: RolesService,
    private readonly authentication: AuthenticationService,
  ) {}

  listApiKeys(context: RequestContext): Promise<ApiKeyRow[]> {
    return this.repository.listApiKeys(context.organizationId);
  }

  /** The new key's row and the key itself, which is never shown again. */
  async createApiKey(
    context: RequestContext,
    input: NewApiKey,
  ): Promise<{ row: ApiKeyRow; key: string }> {
    const hasRole = input.role !== undefined;
    const hasScopes = input.scopes !== undefined;
    if (hasRole === hasScopes) {
      throw new AppError(ErrorCode.ValidationFailed, 'Give a key either a role or scopes', {
        role: 'give either role or scopes',
      });
    }
    if (input.role !== undefined) {
      if (input.role === CUSTOM_ROLE || !(await this.roles.roleExists(context, input.role))) {
        throw new AppError(ErrorCode.ValidationFailed, `role "${input.role}" does not exist`, {
          role: 'no such role',
        });
      }
      checkMayGrant(context, input.role);
    }
    const wrongScope = input.scopes ? invalidScope(input.scopes) : undefined;
    if (wrongScope !== undefined) {
      throw new AppError(
        ErrorCode.ValidationFailed,
        `scope "${wrongScope}" is not <object|*>:<read|create|update|delete>, data_model or access`,
        { scopes: `"${wrongScope}" is not a scope` },
      );
    }
    const key = newApiKey();
    const id = await this.repository.insertApiKey(context.organizationId, {
      name: input.name,
      prefix: key.slice(0, API_KEY_SHOWN_LENGTH),
      hash: hashSecret(key),
      role: input.role ?? null,
      scopes: input.scopes ?? null,
      memberId: context.memberId,
    });
    const row = (await this.repository.listApiKeys(context.organizationId)).find(
      (candidate) => candidate.id === id,
    );
    if (!row) {
      throw notFound('API key', id);
    }
    return { row, key };
  }

  /** Revoked at once in every server process (NOTIFY). */
  async revokeApiKey(context: RequestContext, id: string): Promise<void> {
    if (!(await this.repository.revokeApiKey(context.organizationId, id))) {
      throw notFound('API key', id);
    }
    await this.repository.notifyChange(context.organizationId);
    this.authentication.invalidateAll();
  }
}
