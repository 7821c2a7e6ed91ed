import { Injectable } from '@nestjs/common';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { UUID } from 'src/common/uuid';
import type { RequestContext } from 'src/organizations/request-context';
import { DEFAULT_THRESHOLD, RecordDuplicateMatcher } from './record-duplicates';
import {
  type DuplicateMatch,
  type DuplicatePair,
  RecordDuplicatesRepository,
} from './record-duplicates.repository';
import { RecordsService } from './records.service';

const DEFAULT_PAIR_LIMIT = 100;
const MAX_PAIR_LIMIT = 500;

/** The duplicate reads: one record's look-alikes, and the organization's suspected pairs. */
@Injectable()
export class RecordDuplicatesService {
  constructor(
    private readonly records: RecordsService,
    private readonly repository: RecordDuplicatesRepository,
    private readonly matcher: RecordDuplicateMatcher,
  ) {}

  async listDuplicates(
    context: RequestContext,
    objectName: string,
    id: string,
  ): Promise<DuplicateMatch[]> {
    const { definition, scope } = await this.records.readable(context, objectName);
    const identity = UUID.test(id) ? await this.repository.findIdentity(scope, id) : undefined;
    if (!identity) {
      throw new AppError(ErrorCode.RecordNotFound, `No ${definition.name} with id ${id}`);
    }
    return this.matcher.match(
      scope,
      definition.duplicate_rules ?? [],
      { matchKeys: identity.match_keys, displayName: identity.display_name },
      id,
    );
  }

  /** Pairs matched by any rule, best first: exact keys (score 1), then similar titles. */
  async listDuplicatePairs(
    context: RequestContext,
    objectName: string,
    limitParam: unknown,
  ): Promise<DuplicatePair[]> {
    const { definition, scope } = await this.records.readable(context, objectName);
    const limit = readLimit(limitParam);
    const rules = definition.duplicate_rules ?? [];
    const pairs = new Map<string, DuplicatePair>();
    const add = (pair: DuplicatePair, rule?: string): void => {
      const [a, b] = pair.id < pair.other_id ? [pair.id, pair.other_id] : [pair.other_id, pair.id];
      const key = `${a}/${b}`;
      const known = pairs.get(key);
      const rulesOf = [...(known?.rules ?? []), ...pair.rules, ...(rule ? [rule] : [])];
      pairs.set(key, {
        ...(known ?? pair),
        score: Math.max(known?.score ?? 0, pair.score),
        rules: [...new Set(rulesOf)],
      });
    };
    if (rules.some((rule) => rule.match === 'exact')) {
      for (const pair of await this.repository.exactPairs(scope, limit)) {
        add(pair);
      }
    }
    for (const rule of rules.filter((r) => r.match === 'fuzzy')) {
      const threshold = rule.threshold ?? DEFAULT_THRESHOLD;
      for (const pair of await this.repository.similarPairs(scope, threshold, limit)) {
        add(pair, rule.name);
      }
    }
    return [...pairs.values()]
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
      .slice(0, limit);
  }
}

function readLimit(value: unknown): number {
  if (value === undefined || value === '') {
    return DEFAULT_PAIR_LIMIT;
  }
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAIR_LIMIT) {
    throw new AppError(
      ErrorCode.BadRequest,
      `limit must be a whole number from 1 to ${MAX_PAIR_LIMIT}`,
      {
        limit: `1 to ${MAX_PAIR_LIMIT}`,
      },
    );
  }
  return limit;
}
