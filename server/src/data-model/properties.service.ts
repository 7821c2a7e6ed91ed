import { Injectable } from '@nestjs/common';
import { AssociationDefinitionsService } from 'src/association-definitions/association-definitions.service';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import {
  deletedPropertiesOf,
  type DeletedProperty,
  toDefinitionInput,
  withoutNulls,
} from 'src/object-definitions/definition-change';
import { DefinitionWriter } from 'src/object-definitions/definition-writer';
import type {
  ObjectDefinitionInput,
  PropertyDefinition,
} from 'src/object-definitions/definition.types';
import type { ObjectDefinitionRow } from 'src/object-definitions/object-definitions.repository';
import { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import {
  assertNameUnchanged,
  assertSystemPropertyChange,
  type DataChecks,
  requiredChecks,
} from 'src/object-definitions/schema-evolution';
import type { RequestContext } from 'src/organizations/request-context';
import { RecordDataService } from 'src/records/record-data.service';
import { DataChecksService } from './data-checks.service';
import { DefinitionChanges } from './definition-changes';

/** The outcome of a property change, or of its dry run. */
export interface PropertyChangeResult {
  dry_run: boolean;
  property: PropertyDefinition;
  /** Records the change was checked against (0 when it needed no data check). */
  checked_records: number;
}

/**
 * Runtime data modelling of properties: admins add, change, delete and restore them on a live
 * system. Every rule about existing data is decided by querying it (`DataChecksService`), never
 * by rewriting the table. Objects are `DataModelObjectsService`'s; purging is
 * `DataModelPurgeService`'s.
 */
@Injectable()
export class PropertiesService {
  constructor(
    private readonly writer: DefinitionWriter,
    private readonly changes: DefinitionChanges,
    private readonly recordData: RecordDataService,
    private readonly definitions: ObjectDefinitionsService,
    private readonly dataChecks: DataChecksService,
    private readonly associations: AssociationDefinitionsService,
  ) {}

  /** A property may not shadow a reference field (`company_id` on a deal). */
  private async assertNotReferenceField(
    context: RequestContext,
    objectName: string,
    propertyName: string,
  ): Promise<void> {
    const sides = await this.associations.sidesOfObject(context, objectName);
    const side = sides.find((s) => s.referenceField === propertyName);
    if (side) {
      const reason = `it is the reference field of the association "${side.name}"`;
      throw new AppError(
        ErrorCode.Conflict,
        `${objectName} cannot have a property "${propertyName}": ${reason}`,
        { name: reason },
      );
    }
  }

  listProperties(context: RequestContext, name: string): Promise<PropertyDefinition[]> {
    return this.definitions
      .getDefinition(context, name)
      .then((definition) => definition.properties);
  }

  async addProperty(
    context: RequestContext,
    name: string,
    input: unknown,
    isDryRun: boolean,
  ): Promise<PropertyChangeResult> {
    const propertyName = (input as { name?: unknown } | null)?.name;
    if (typeof propertyName === 'string') {
      await this.assertNotReferenceField(context, name, propertyName);
    }
    return this.writer.inTransaction(context, async (tx) => {
      const row = await this.writer.lockDefinition(context, name, tx);
      const current = toDefinitionInput(row);
      const property = this.asObject(input) as unknown as PropertyDefinition;
      const deleted = deletedPropertiesOf(row).find((p) => p.name === property?.name);
      if (deleted) {
        throw new AppError(
          ErrorCode.Conflict,
          `${name} has a deleted property "${deleted.name}": restore it or purge it first`,
          {
            name: 'belongs to a deleted property',
          },
        );
      }
      const definition = { ...current, properties: [...current.properties, property] };
      this.writer.assertValid(definition);
      const checks: DataChecks = {
        values: false,
        presence: !!property.required && property.default === undefined,
        uniqueness: false,
        jsonStructure: false,
      };
      const checked = await this.dataChecks.checkData(context, row, property, checks, tx);
      if (!isDryRun) {
        await this.changes.apply(
          context,
          row,
          { definition, summary: `Added property ${property.name}` },
          tx,
        );
      }
      return { dry_run: isDryRun, property, checked_records: checked };
    });
  }

  async updateProperty(
    context: RequestContext,
    name: string,
    propertyName: string,
    body: unknown,
    isDryRun: boolean,
  ): Promise<PropertyChangeResult> {
    const patch = this.asObject(body);
    return this.writer.inTransaction(context, async (tx) => {
      const row = await this.writer.lockDefinition(context, name, tx);
      const current = toDefinitionInput(row);
      const before = this.propertyOf(current, propertyName);
      assertNameUnchanged(before, patch);
      const after = withoutNulls<PropertyDefinition>({ ...before, ...patch, name: before.name });
      if (this.isSystemProperty(row, propertyName)) {
        assertSystemPropertyChange(before, after);
      }
      const definition = {
        ...current,
        properties: current.properties.map((p) => (p.name === propertyName ? after : p)),
      };
      this.writer.assertValid(definition);
      const checks = requiredChecks(before, after);
      await this.dataChecks.checkRetiredStages(context, row, before, after, tx);
      const checked = await this.dataChecks.checkData(context, row, after, checks, tx);
      if (!isDryRun) {
        if (before.unique && (!after.unique || checks.uniqueness)) {
          await this.recordData.releaseUniqueValues(context, row.id, propertyName, tx);
        }
        if (checks.uniqueness) {
          await this.recordData.claimUniqueValues(context, row.id, after, tx);
        }
        await this.changes.apply(
          context,
          row,
          { definition, summary: `Changed property ${propertyName}` },
          tx,
        );
      }
      return { dry_run: isDryRun, property: after, checked_records: checked };
    });
  }

  /** Hides a property: its values stay in the records (and come back if it is restored). */
  async deleteProperty(
    context: RequestContext,
    name: string,
    propertyName: string,
  ): Promise<PropertyDefinition> {
    return this.writer.inTransaction(context, async (tx) => {
      const row = await this.writer.lockDefinition(context, name, tx);
      const current = toDefinitionInput(row);
      const property = this.propertyOf(current, propertyName);
      if (this.isSystemProperty(row, propertyName)) {
        throw new AppError(
          ErrorCode.Conflict,
          `${propertyName} is a system property of ${name} and cannot be deleted`,
        );
      }
      if (current.primary_display_property === propertyName) {
        throw new AppError(
          ErrorCode.Conflict,
          `${propertyName} is the primary display property of ${name}: choose another one first`,
        );
      }
      const definition = {
        ...current,
        properties: current.properties.filter((p) => p.name !== propertyName),
      };
      const deletedProperties = [
        ...deletedPropertiesOf(row),
        { ...property, deleted_at: new Date().toISOString() },
      ];
      if (property.unique) {
        await this.recordData.releaseUniqueValues(context, row.id, propertyName, tx);
      }
      await this.changes.apply(
        context,
        row,
        { definition, deletedProperties, summary: `Deleted property ${propertyName}` },
        tx,
      );
      return property;
    });
  }

  async restoreProperty(
    context: RequestContext,
    name: string,
    propertyName: string,
  ): Promise<PropertyDefinition> {
    return this.writer.inTransaction(context, async (tx) => {
      const row = await this.writer.lockDefinition(context, name, tx);
      const deleted = deletedPropertiesOf(row);
      const found = deleted.find((p) => p.name === propertyName);
      if (!found) {
        throw new AppError(ErrorCode.NotFound, `${name} has no deleted property "${propertyName}"`);
      }
      if (found.purge_started_at) {
        throw new AppError(
          ErrorCode.Conflict,
          `The property ${propertyName} of ${name} is being purged and cannot be restored (purge it again if its purge was interrupted)`,
        );
      }
      const property: PropertyDefinition = { ...found };
      delete (property as Partial<DeletedProperty>).deleted_at;
      const current = toDefinitionInput(row);
      const definition = { ...current, properties: [...current.properties, property] };
      // Records created while it was deleted lack it; a unique one's values were released.
      const checks: DataChecks = {
        values: false,
        presence: !!property.required && property.default === undefined,
        uniqueness: !!property.unique,
        jsonStructure: false,
      };
      await this.dataChecks.checkData(context, row, property, checks, tx);
      if (property.unique) {
        await this.recordData.claimUniqueValues(context, row.id, property, tx);
      }
      const deletedProperties = deleted.filter((p) => p.name !== propertyName);
      await this.changes.apply(
        context,
        row,
        { definition, deletedProperties, summary: `Restored property ${propertyName}` },
        tx,
      );
      return property;
    });
  }

  private asObject(body: unknown): Record<string, unknown> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new AppError(
        ErrorCode.BadRequest,
        'The body must be a JSON object describing a property',
      );
    }
    return body as Record<string, unknown>;
  }

  private propertyOf(definition: ObjectDefinitionInput, propertyName: string): PropertyDefinition {
    const property = definition.properties.find((p) => p.name === propertyName);
    if (!property) {
      throw new AppError(
        ErrorCode.NotFound,
        `${definition.name} has no property "${propertyName}"`,
      );
    }
    return property;
  }

  private isSystemProperty(row: ObjectDefinitionRow, propertyName: string): boolean {
    const shipped = (row.systemSource?.properties ?? []) as PropertyDefinition[];
    return row.isSystem && shipped.some((p) => p.name === propertyName);
  }
}
