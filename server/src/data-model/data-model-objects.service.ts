import { Injectable } from '@nestjs/common';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { toDefinitionInput, withoutNulls } from 'src/object-definitions/definition-change';
import { assertObjectQuota } from 'src/object-definitions/definition-quotas';
import {
  type CompiledDefinition,
  toObjectDefinition,
} from 'src/object-definitions/definition-registry';
import { type DefinitionVersion, DefinitionWriter } from 'src/object-definitions/definition-writer';
import type {
  ObjectDefinition,
  ObjectDefinitionInput,
} from 'src/object-definitions/definition.types';
import { ObjectDefinitionsRepository } from 'src/object-definitions/object-definitions.repository';
import { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import type { RequestContext } from 'src/organizations/request-context';

export type ObjectPatch = Partial<
  Pick<
    ObjectDefinitionInput,
    | 'labels'
    | 'description'
    | 'group'
    | 'icon'
    | 'color'
    | 'primary_display_property'
    | 'title_properties'
    | 'keys'
    | 'duplicate_rules'
  >
>;

/**
 * Runtime data modelling of objects: admins create, change, archive and restore them, and read
 * their history. Their properties are `PropertiesService`'s; purging is `DataModelPurgeService`'s.
 */
@Injectable()
export class DataModelObjectsService {
  constructor(
    private readonly writer: DefinitionWriter,
    private readonly repository: ObjectDefinitionsRepository,
    private readonly definitions: ObjectDefinitionsService,
  ) {}

  async createObject(context: RequestContext, input: unknown): Promise<CompiledDefinition> {
    this.writer.assertValid(input);
    await this.writer.inTransaction(context, async (tx) => {
      const existing = await this.repository.findAll(context.organizationId, true, tx);
      if (existing.some((row) => row.name === input.name)) {
        throw new AppError(ErrorCode.Conflict, `An object named "${input.name}" already exists`, {
          name: 'is taken (archived objects keep their name until purged)',
        });
      }
      assertObjectQuota(existing.length + 1);
      await this.writer.create(context, input, tx);
    });
    return this.definitions.getDefinition(context, input.name);
  }

  async updateObject(
    context: RequestContext,
    name: string,
    patch: ObjectPatch,
  ): Promise<CompiledDefinition> {
    await this.writer.inTransaction(context, async (tx) => {
      const row = await this.writer.lockDefinition(context, name, tx);
      const definition = withoutNulls({ ...toDefinitionInput(row), ...patch });
      await this.writer.apply(
        context,
        row,
        { definition, summary: `Changed ${Object.keys(patch).join(', ')}` },
        tx,
      );
    });
    return this.definitions.getDefinition(context, name);
  }

  async listVersions(context: RequestContext, name: string): Promise<DefinitionVersion[]> {
    return this.writer.listVersions(context, await this.definitions.getDefinition(context, name));
  }

  /** Archives an object: its records disappear from the API but are kept, until restored or purged. */
  async archiveObject(context: RequestContext, name: string): Promise<ObjectDefinition> {
    return this.writer.inTransaction(context, async (tx) => {
      const row = await this.writer.lockDefinition(context, name, tx);
      if (row.isSystem) {
        throw new AppError(ErrorCode.Conflict, `${name} is a system object and cannot be archived`);
      }
      const archivedAt = new Date();
      await this.writer.apply(
        context,
        row,
        { definition: toDefinitionInput(row), archivedAt, summary: `Archived ${name}` },
        tx,
      );
      return toObjectDefinition({ ...row, archivedAt, version: row.version + 1 });
    });
  }

  async restoreObject(context: RequestContext, name: string): Promise<CompiledDefinition> {
    await this.writer.inTransaction(context, async (tx) => {
      const row = await this.writer.lockDefinition(context, name, tx, true);
      if (!row.archivedAt) {
        throw new AppError(ErrorCode.Conflict, `${name} is not archived`);
      }
      if (row.purgeStartedAt) {
        throw new AppError(
          ErrorCode.Conflict,
          `${name} is being purged and cannot be restored (purge it again if its purge was interrupted)`,
        );
      }
      await this.writer.apply(
        context,
        row,
        { definition: toDefinitionInput(row), archivedAt: null, summary: `Restored ${name}` },
        tx,
      );
    });
    return this.definitions.getDefinition(context, name);
  }
}
