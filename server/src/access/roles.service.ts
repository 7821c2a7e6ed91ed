import { Injectable } from '@nestjs/common';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { BUILT_IN_PERMISSIONS, BUILT_IN_ROLES } from 'src/organizations/permissions';
import type { RequestContext } from 'src/organizations/request-context';
import { checkRoleName, isReservedRoleName, notFound } from './access-rules';
import { AccessRepository } from './access.repository';
import { AuthenticationService } from './authentication.service';
import { MembersRepository } from './members.repository';
import { fromPermissionsWire, type PermissionsWire, toPermissionsWire } from './permissions-wire';
import { RolesRepository } from './roles.repository';

export interface RoleView {
  name: string;
  built_in: boolean;
  permissions: PermissionsWire;
}

/** Built-in roles (read-only, from code) and an organization's custom roles. */
@Injectable()
export class RolesService {
  constructor(
    private readonly repository: RolesRepository,
    private readonly members: MembersRepository,
    private readonly access: AccessRepository,
    private readonly authentication: AuthenticationService,
  ) {}

  async listRoles(context: RequestContext): Promise<RoleView[]> {
    const custom = await this.repository.listRoles(context.organizationId);
    return [
      ...BUILT_IN_ROLES.map((name) => ({
        name,
        built_in: true,
        permissions: toPermissionsWire(BUILT_IN_PERMISSIONS[name]),
      })),
      ...custom.map((row) => ({
        name: row.name,
        built_in: false,
        permissions: toPermissionsWire(fromPermissionsWire(row.permissions)),
      })),
    ];
  }

  /** Whether a member or key may be given this role: built-in, or a custom role of the organization. */
  async roleExists(context: RequestContext, name: string): Promise<boolean> {
    return (
      isReservedRoleName(name) ||
      (await this.repository.findRole(context.organizationId, name)) !== undefined
    );
  }

  async createRole(context: RequestContext, name: string, permissions: unknown): Promise<RoleView> {
    checkRoleName(name);
    if (isReservedRoleName(name)) {
      throw new AppError(ErrorCode.Conflict, `"${name}" is a built-in role's name`);
    }
    const wire = toPermissionsWire(fromPermissionsWire(permissions));
    if (!(await this.repository.insertRole(context.organizationId, name, wire))) {
      throw new AppError(ErrorCode.Conflict, `A role "${name}" exists already`);
    }
    return { name, built_in: false, permissions: wire };
  }

  async updateRole(context: RequestContext, name: string, permissions: unknown): Promise<RoleView> {
    this.refuseBuiltIn(name);
    const wire = toPermissionsWire(fromPermissionsWire(permissions));
    if (!(await this.repository.updateRole(context.organizationId, name, wire))) {
      throw notFound('role', name);
    }
    await this.access.notifyChange(context.organizationId);
    this.authentication.invalidateAll();
    return { name, built_in: false, permissions: wire };
  }

  async deleteRole(context: RequestContext, name: string): Promise<void> {
    this.refuseBuiltIn(name);
    if ((await this.members.countRoleUses(context.organizationId, name)) > 0) {
      throw new AppError(
        ErrorCode.Conflict,
        `Members or API keys have the role "${name}"; give them another role first`,
      );
    }
    if (!(await this.repository.deleteRole(context.organizationId, name))) {
      throw notFound('role', name);
    }
    await this.access.notifyChange(context.organizationId);
    this.authentication.invalidateAll();
  }

  private refuseBuiltIn(name: string): void {
    if (isReservedRoleName(name)) {
      throw new AppError(ErrorCode.Conflict, `The built-in role "${name}" cannot be changed`);
    }
  }
}
