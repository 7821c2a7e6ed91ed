import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { RUN_IN_TRANSACTION } from 'src/database/database.tokens';
import type { RunInTransaction, Tx } from 'src/database/transaction';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import type { RequestContext } from 'src/organizations/request-context';
import { AssociationDefinitionsRepository } from './association-definitions.repository';
import { AssociationRegistry } from './association-registry';
import { sidesOf } from './association-sides';
import {
  type AssociationDefinition,
  type AssociationDefinitionInput,
  isFromSideSingle,
  isToSideSingle,
} from './association.types';
import type { LinkSide } from './link-side';
import { readSystemAssociations } from './system-associations';

// The OpenAPI CLI reads sides from here.
export { sidesOf };

@Injectable()
export class AssociationDefinitionsService {
  private systemAssociations: AssociationDefinitionInput[] | undefined;

  constructor(
    private readonly repository: AssociationDefinitionsRepository,
    private readonly objects: ObjectDefinitionsService,
    private readonly registry: AssociationRegistry,
    @Inject(RUN_IN_TRANSACTION) private readonly runInTransaction: RunInTransaction,
  ) {}

  listDefinitions(context: RequestContext, tx?: Tx): Promise<AssociationDefinition[]> {
    return this.repository.findAll(context.organizationId, tx);
  }

  async getDefinition(context: RequestContext, name: string): Promise<AssociationDefinition> {
    const definition = await this.repository.findByName(context.organizationId, name);
    if (!definition) {
      throw new AppError(ErrorCode.AssociationNotFound, `No association named "${name}"`);
    }
    return definition;
  }

  /**
   * Every association side of an object: from the cache (AssociationRegistry), or, inside a
   * transaction, as that transaction sees them.
   */
  async sidesOfObject(context: RequestContext, objectName: string, tx?: Tx): Promise<LinkSide[]> {
    if (!tx) {
      return this.registry.sidesOf(context, objectName);
    }
    const definitions = await this.repository.findForObject(context.organizationId, objectName, tx);
    return definitions.flatMap((definition) => sidesOf(definition, objectName));
  }

  async createDefinition(
    context: RequestContext,
    input: AssociationDefinitionInput,
  ): Promise<AssociationDefinition> {
    // Objects are resolved before the transaction: inside it, every query uses `tx`.
    const from = await this.objectFor(context, input.from, 'from');
    const to = await this.objectFor(context, input.to, 'to');
    await this.changeDefinitions(context.organizationId, async (tx) => {
      await this.repository.lockOrganization(context.organizationId, tx);
      if ((await this.repository.findAllNames(context.organizationId, tx)).includes(input.name)) {
        throw new AppError(
          ErrorCode.Conflict,
          `An association named "${input.name}" already exists`,
          { name: 'is taken' },
        );
      }
      await this.assertSideFree(
        context,
        from,
        input.from_side.name,
        isFromSideSingle(input.cardinality),
        'from_side',
        tx,
      );
      await this.assertSideFree(
        context,
        to,
        input.to_side.name,
        isToSideSingle(input.cardinality),
        'to_side',
        tx,
      );
      if (input.from === input.to && input.from_side.name === input.to_side.name) {
        throw new AppError(
          ErrorCode.BadRequest,
          'An association of an object with itself needs two different side names',
          {
            to_side: 'must differ from from_side',
          },
        );
      }
      await this.repository.insert(
        {
          organizationId: context.organizationId,
          name: input.name,
          fromObjectDefinitionId: from.id,
          toObjectDefinitionId: to.id,
          fromName: input.from_side.name,
          fromLabel: input.from_side.label,
          toName: input.to_side.name,
          toLabel: input.to_side.label,
          cardinality: input.cardinality,
          isSystem: false,
        },
        tx,
      );
    });
    return this.getDefinition(context, input.name);
  }

  /**
   * Relabels the sides. The body may be the whole record (react-admin edits send it back); only
   * labels may differ from what is stored: names, objects and cardinality never change.
   */
  async relabelDefinition(
    context: RequestContext,
    name: string,
    body: unknown,
  ): Promise<AssociationDefinition> {
    const definition = await this.getDefinition(context, name);
    const patch = (typeof body === 'object' && body !== null ? body : {}) as Record<
      string,
      unknown
    >;
    const fixed: Record<string, unknown> = {
      name: definition.name,
      from: definition.from,
      to: definition.to,
      cardinality: definition.cardinality,
    };
    for (const [field, stored] of Object.entries(fixed)) {
      if (patch[field] !== undefined && patch[field] !== stored) {
        throw new AppError(
          ErrorCode.BadRequest,
          `An association's ${field} never changes; create another association instead`,
          {
            [field]: 'cannot be changed',
          },
        );
      }
    }
    const label = (side: 'from_side' | 'to_side'): string => {
      const given = (patch[side] as { label?: unknown; name?: unknown } | undefined) ?? {};
      if (given.name !== undefined && given.name !== definition[side].name) {
        throw new AppError(ErrorCode.BadRequest, `A side's name never changes`, {
          [`${side}.name`]: 'cannot be changed',
        });
      }
      if (given.label === undefined) {
        return definition[side].label;
      }
      if (
        typeof given.label !== 'string' ||
        given.label.trim() === '' ||
        given.label.length > 100
      ) {
        throw new AppError(
          ErrorCode.ValidationFailed,
          `${side}.label must be 1 to 100 characters`,
          {
            [`${side}.label`]: 'must be 1 to 100 characters',
          },
        );
      }
      return given.label;
    };
    const labels = { fromLabel: label('from_side'), toLabel: label('to_side') };
    await this.changeDefinitions(context.organizationId, (tx) =>
      this.repository.updateLabels(context.organizationId, definition.id, labels, tx),
    );
    return this.getDefinition(context, name);
  }

  /**
   * Holds a definition being deleted: a link being written (lockForLinks) commits before the
   * caller counts its links, or finds it gone. False when it no longer exists.
   */
  lockForDelete(context: RequestContext, id: string, tx: Tx): Promise<boolean> {
    return this.repository.lockForDelete(context.organizationId, id, tx);
  }

  /** Removes a definition row; the caller (associations/) has removed its links in `tx`. */
  deleteDefinitionRow(context: RequestContext, id: string, tx: Tx): Promise<void> {
    return this.repository.delete(context.organizationId, id, tx);
  }

  /**
   * Holds association definitions for the rest of `tx`, which writes links of them: their deletion
   * waits for `tx` to commit (and then counts its links). Returns the ids that still exist: a
   * deletion that came first has removed the others.
   */
  lockForLinks(context: RequestContext, ids: string[], tx: Tx): Promise<Set<string>> {
    return this.repository.lockForLinks(context.organizationId, ids, tx);
  }

  /**
   * Registers docs/domain.md's associations in an organization (idempotent, one transaction): those
   * missing, in one statement, whose objects it resolves itself (no registry load).
   */
  syncSystemAssociations(organizationId: string): Promise<number> {
    const inputs = this.loadSystemAssociations();
    return this.changeDefinitions(
      organizationId,
      async (tx) => {
        await this.repository.lockOrganization(organizationId, tx);
        return this.repository.insertSystem(organizationId, inputs, tx);
      },
      (created) => created > 0,
    );
  }

  /** SHA-256 naming the content of the shipped system associations. */
  systemAssociationsHash(): string {
    return createHash('sha256').update(JSON.stringify(this.loadSystemAssociations())).digest('hex');
  }

  private loadSystemAssociations(): AssociationDefinitionInput[] {
    this.systemAssociations ??= readSystemAssociations();
    return this.systemAssociations;
  }

  /**
   * A change of the organization's association definitions, in a transaction whose commit
   * notifies the other processes (when `hasChanged` says it changed anything: the start-up sync of
   * every organization usually does not); this one's cache forgets them once it is committed.
   */
  async changeDefinitions<T>(
    organizationId: string,
    work: (tx: Tx) => Promise<T>,
    hasChanged: (result: T) => boolean = () => true,
  ): Promise<T> {
    try {
      return await this.runInTransaction(async (tx) => {
        const result = await work(tx);
        if (hasChanged(result)) {
          await this.repository.notifyChanged(organizationId, tx);
        }
        return result;
      });
    } finally {
      this.registry.invalidate(organizationId);
    }
  }

  private async objectFor(
    context: RequestContext,
    name: string,
    field: 'from' | 'to',
  ): Promise<CompiledDefinition> {
    try {
      return await this.objects.getDefinition(context, name);
    } catch {
      throw new AppError(ErrorCode.BadRequest, `No object named "${name}"`, {
        [field]: `no object named "${name}"`,
      });
    }
  }

  /** A side name is unique among the object's sides, and its reference field is no property. */
  private async assertSideFree(
    context: RequestContext,
    object: CompiledDefinition,
    sideName: string,
    isToOne: boolean,
    field: string,
    tx: Tx,
  ): Promise<void> {
    const taken = await this.sidesOfObject(context, object.name, tx);
    if (taken.some((side) => side.name === sideName)) {
      throw new AppError(
        ErrorCode.Conflict,
        `${object.name} already has an association named "${sideName}"`,
        {
          [`${field}.name`]: 'is taken on that object',
        },
      );
    }
    if (isToOne && object.propertyByName.has(`${sideName}_id`)) {
      throw new AppError(
        ErrorCode.Conflict,
        `${object.name} has a property "${sideName}_id", which the reference would shadow`,
        {
          [`${field}.name`]: `"${sideName}_id" is a property of ${object.name}`,
        },
      );
    }
  }
}
