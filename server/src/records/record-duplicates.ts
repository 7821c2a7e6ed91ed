import { Injectable } from '@nestjs/common';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { Tx } from 'src/database/transaction';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import type { DuplicateRuleDefinition } from 'src/object-definitions/definition.types';
import { BatchFailures } from './record-batch-failures';
import { type DuplicateMatch, RecordDuplicatesRepository } from './record-duplicates.repository';
import type { CreateWrite } from './record-write';
import type { RecordScope } from './records.repository';

/** What a record's identity is matched by: its match keys (exact rules) and its title (fuzzy). */
export interface RecordIdentity {
  matchKeys?: string[] | null;
  displayName: string | null;
}

/**
 * The duplicate rules of a definition applied to records (README "People and companies"): the
 * records that look the same by each rule, merged per record (best score, every rule named).
 */
@Injectable()
export class RecordDuplicateMatcher {
  constructor(private readonly repository: RecordDuplicatesRepository) {}

  async match(
    scope: RecordScope,
    rules: DuplicateRuleDefinition[],
    identity: RecordIdentity,
    exceptId: string | null,
    tx?: Tx,
  ): Promise<DuplicateMatch[]> {
    const exact = new Set(rules.filter((r) => r.match === 'exact').map((r) => r.name));
    const keys = (identity.matchKeys ?? []).filter((key) => exact.has(ruleOf(key)));
    const byId = new Map<string, DuplicateMatch>();
    const add = (id: string, displayName: string | null, score: number, rule: string): void => {
      const known = byId.get(id);
      byId.set(id, {
        id,
        display_name: displayName,
        score: Math.max(known?.score ?? 0, score),
        rules: [...new Set([...(known?.rules ?? []), rule])],
      });
    };
    for (const row of await this.repository.findByKeys(scope, keys, exceptId, tx)) {
      for (const key of row.keys) {
        add(row.id, row.display_name, 1, ruleOf(key));
      }
    }
    const title = identity.displayName?.trim();
    for (const rule of rules.filter((r) => r.match === 'fuzzy')) {
      if (!title) {
        break;
      }
      const threshold = rule.threshold ?? DEFAULT_THRESHOLD;
      for (const row of await this.repository.findSimilar(scope, title, threshold, exceptId, tx)) {
        add(row.id, row.display_name, row.score, rule.name);
      }
    }
    return [...byId.values()].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  }

  /**
   * The create's check: `block` rules refuse (409 DUPLICATE naming the records; a batch names
   * each refused record by index), `warn` rules leave the matches on the draft for the response.
   * A batch (imports) applies its block rules only: nobody reads a batch's warnings.
   */
  async checkCreate(write: CreateWrite, tx?: Tx): Promise<void> {
    const { definition } = write;
    const all = definition.duplicate_rules ?? [];
    const rules = write.isBatch ? all.filter((r) => r.action === 'block') : all;
    if (rules.length === 0) {
      return;
    }
    const blocking = new Set(all.filter((r) => r.action === 'block').map((r) => r.name));
    const failures = new BatchFailures();
    for (const [index, draft] of write.drafts.entries()) {
      if (!draft.values) {
        continue;
      }
      const matches = await this.match(write.scope, rules, draft.values, null, tx);
      const blocked = matches.filter((m) => m.rules.some((rule) => blocking.has(rule)));
      if (blocked.length > 0) {
        const error = duplicateError(definition, blocked);
        if (!write.isBatch) {
          throw error;
        }
        failures.add(index, error);
      }
      draft.duplicates = matches;
    }
    failures.throwIfAny(definition.name, write.drafts.length, 'created');
  }
}

/** A title similarity rule without a threshold matches from this one. */
export const DEFAULT_THRESHOLD = 0.6;

function ruleOf(key: string): string {
  return key.slice(0, key.indexOf(':'));
}

function duplicateError(definition: CompiledDefinition, matches: DuplicateMatch[]): AppError {
  const names = matches
    .slice(0, 5)
    .map((m) => `${m.display_name ?? m.id} (${m.id})`)
    .join(', ');
  return new AppError(
    ErrorCode.Duplicate,
    `This ${definition.name} looks the same as ${names} (${[...new Set(matches.flatMap((m) => m.rules))].join(', ')}); merge or change it instead`,
    { '(record)': `looks the same as ${names}` },
    { duplicates: matches },
  );
}
