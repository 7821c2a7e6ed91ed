import { Injectable } from '@nestjs/common';
import type { ValidateFunction } from 'ajv';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { Tx } from 'src/database/transaction';
import { createAjv } from 'src/object-definitions/ajv.factory';
import { compilePropertySchema } from 'src/object-definitions/definition-schema.compiler';
import type { PropertyDefinition } from 'src/object-definitions/definition.types';
import type { ObjectDefinitionRow } from 'src/object-definitions/object-definitions.repository';
import {
  type DataChecks,
  isCheckedByAjv,
  needsAnyCheck,
} from 'src/object-definitions/schema-evolution';
import { retiredStages } from 'src/object-definitions/status-transitions';
import type { RequestContext } from 'src/organizations/request-context';
import type { Violations } from 'src/records/record-data.service';
import { RecordDataService } from 'src/records/record-data.service';

const jsonAjv = createAjv();

/**
 * The data checks that decide whether a schema change may apply: existing records are queried
 * (or scanned with AJV where SQL cannot judge), never rewritten.
 */
@Injectable()
export class DataChecksService {
  constructor(private readonly recordData: RecordDataService) {}

  /** Runs the data checks a change needs; any violation → 409 with how many and a few ids. */
  async checkData(
    context: RequestContext,
    row: ObjectDefinitionRow,
    property: PropertyDefinition,
    checks: DataChecks,
    tx: Tx,
  ): Promise<number> {
    if (!needsAnyCheck(checks)) {
      return 0;
    }
    const refuse = (violations: Violations, rule: string): never => {
      const isOne = violations.count === 1;
      const verb = isOne ? rule.replace(/^have /, 'has ').replace(/^share /, 'shares ') : rule;
      throw new AppError(
        ErrorCode.SchemaChangeConflict,
        `Cannot apply this change to the property ${property.name}: ${violations.count} ${row.name} record${isOne ? '' : 's'} ${verb}; fix or remove ${isOne ? 'it' : 'them'} first (dry_run=true reports this without changing anything)`,
        { [property.name]: rule },
        { violations: violations.count, sample_ids: violations.sampleIds },
      );
    };
    // Patterns and formats are checked as records are (AJV): SQL regular expressions differ.
    const isScanned = checks.values && isCheckedByAjv(property);
    const sqlChecks = { ...checks, values: checks.values && !isScanned };
    const invalid = await this.recordData.findViolations(context, row.id, property, sqlChecks, tx);
    if (invalid.count > 0) {
      refuse(
        invalid,
        sqlChecks.presence && !sqlChecks.values
          ? 'have no value for it and it has no default'
          : 'have values that break the new rule',
      );
    }
    if (isScanned) {
      const broken = await this.scanJson(context, row, property, tx);
      if (broken.count > 0) {
        refuse(broken, 'have values that break the new rule');
      }
    }
    if (checks.uniqueness) {
      const duplicates = await this.recordData.findDuplicates(context, row.id, property, tx);
      if (duplicates.count > 0) {
        refuse(duplicates, 'share a value with another record');
      }
    }
    if (checks.jsonStructure) {
      this.refuseInvalidJson(await this.scanJson(context, row, property, tx), refuse);
    }
    return this.recordData.countRecords(context, row.id, tx);
  }

  /**
   * A status property's change may retire stages (or drop them, or a whole pipeline) only when no
   * record is in them: else 409 naming how many and where, dry run or not (README "Pipelines").
   */
  async checkRetiredStages(
    context: RequestContext,
    row: ObjectDefinitionRow,
    before: PropertyDefinition,
    after: PropertyDefinition,
    tx: Tx,
  ): Promise<void> {
    const selector = before.pipelines?.property;
    for (const { pipeline, stages } of retiredStages(before, after)) {
      const found = await this.recordData.findInStates(
        context,
        row.id,
        before.name,
        stages,
        selector !== undefined && pipeline !== null
          ? { property: selector, value: pipeline }
          : null,
        tx,
      );
      if (found.count > 0) {
        const where = pipeline !== null ? ` of the pipeline ${pipeline}` : '';
        const rule = `${found.count} record${found.count === 1 ? ' is' : 's are'} in the retired stage${stages.length === 1 ? '' : 's'} ${stages.join(', ')}${where}`;
        throw new AppError(
          ErrorCode.SchemaChangeConflict,
          `Cannot retire stages of ${row.name} ${before.name}: ${rule}; move ${found.count === 1 ? 'it' : 'them'} to another stage first (dry_run=true reports this without changing anything)`,
          { [before.name]: rule },
          { violations: found.count, sample_ids: found.sampleIds, pipeline, stages },
        );
      }
    }
  }

  private async scanJson(
    context: RequestContext,
    row: ObjectDefinitionRow,
    property: PropertyDefinition,
    tx: Tx,
  ): Promise<Violations> {
    const schema = compilePropertySchema(property);
    const validate: ValidateFunction = jsonAjv.compile(schema);
    // AJV would keep every checked schema forever; this validator lives for one scan.
    jsonAjv.removeSchema(schema);
    const result: Violations = { count: 0, sampleIds: [] };
    await this.recordData.scanValues(
      context,
      row.id,
      property,
      (id, value) => {
        if (!validate(value)) {
          result.count++;
          if (result.sampleIds.length < 5) {
            result.sampleIds.push(id);
          }
        }
        return true;
      },
      tx,
    );
    return result;
  }

  private refuseInvalidJson(
    violations: Violations,
    refuse: (v: Violations, rule: string) => never,
  ): void {
    if (violations.count > 0) {
      refuse(violations, 'have values that do not match the new structure');
    }
  }
}
