import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import {
  type AppConfig,
  type AutoIndexSettings,
  DEFAULT_AUTO_INDEX_SETTINGS,
} from 'src/config/app-config';
import { APP_CONFIG } from 'src/database/database.tokens';
import type { Tx } from 'src/database/transaction';
import { toDefinitionInput } from 'src/object-definitions/definition-change';
import { DefinitionWriter } from 'src/object-definitions/definition-writer';
import { type RequestContext, systemContext } from 'src/organizations/request-context';
import { IndexUsageService } from 'src/property-indexes/index-usage.service';
import { RecordDataService } from 'src/records/record-data.service';
import {
  type AutoIndexCandidate,
  autoIndexesBuilt,
  autoIndexSummary,
  candidatesOf,
  isEligible,
} from './auto-indexes.rules';
import { DefinitionChanges } from './definition-changes';

/** An object found too small, or an organization's budget found full, is looked at again after this. */
export const RECHECK_MS = 60_000;

/**
 * Indexes that build themselves (README): every `intervalMs`, the properties lists and searches
 * used often enough (IndexUsageService's counts), on objects with enough records, get
 * `auto_index: built` in their definition (a definition change: history row, event, NOTIFY), and
 * the runtime index sync builds them in the background. An organization's decisions are taken
 * under its definition lock (DefinitionWriter.inTransaction), so several server processes never
 * exceed its budget nor record one index twice; the builds run one at a time under the index
 * sync's advisory lock, and a start-up sync finishes any a restart interrupted.
 */
@Injectable()
export class AutoIndexesService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AutoIndexesService.name);
  private readonly settings: AutoIndexSettings;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<AutoIndexCandidate[]> | undefined;
  /** Until when an object (by definition id) or an organization is not looked at again. */
  private readonly smallUntil = new Map<string, number>();
  private readonly fullUntil = new Map<string, number>();

  constructor(
    private readonly usage: IndexUsageService,
    private readonly writer: DefinitionWriter,
    private readonly changes: DefinitionChanges,
    private readonly recordData: RecordDataService,
    @Optional() @Inject(APP_CONFIG) config?: Pick<AppConfig, 'autoIndexes'>,
  ) {
    this.settings = config?.autoIndexes ?? DEFAULT_AUTO_INDEX_SETTINGS;
  }

  onApplicationBootstrap(): void {
    if (!this.settings.isEnabled) {
      return;
    }
    this.timer = setInterval(() => {
      this.evaluate().catch((error: unknown) => {
        this.logger.error('Automatic index evaluation failed', error);
      });
    }, this.settings.intervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Looks at the uses counted so far (one run at a time); the indexes it recorded. */
  evaluate(now = Date.now()): Promise<AutoIndexCandidate[]> {
    this.running ??= this.run(now).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async run(now: number): Promise<AutoIndexCandidate[]> {
    const candidates = candidatesOf(
      this.usage.totals(now, this.settings.windowMs),
      this.settings.minUses,
    );
    const organizations = new Map<string, AutoIndexCandidate[]>();
    for (const candidate of candidates) {
      const list = organizations.get(candidate.organizationId) ?? [];
      organizations.set(candidate.organizationId, [...list, candidate]);
    }
    const recorded: AutoIndexCandidate[] = [];
    for (const [organizationId, list] of organizations) {
      if ((this.fullUntil.get(organizationId) ?? 0) > now) {
        continue;
      }
      try {
        recorded.push(
          ...(await this.evaluateOrganization(systemContext(organizationId), list, now)),
        );
      } catch (error) {
        this.logger.error(`Automatic indexes of organization ${organizationId} failed`, error);
      }
    }
    return recorded;
  }

  /** Candidates of objects with enough records (counted outside the definition lock). */
  private async largeEnough(
    context: RequestContext,
    candidates: AutoIndexCandidate[],
    now: number,
  ): Promise<AutoIndexCandidate[]> {
    const counted = new Set<string>();
    for (const { definitionId } of candidates) {
      if (counted.has(definitionId) || (this.smallUntil.get(definitionId) ?? 0) > now) {
        continue;
      }
      counted.add(definitionId);
      const { minRecords } = this.settings;
      if (!(await this.recordData.hasAtLeastRecords(context, definitionId, minRecords))) {
        this.smallUntil.set(definitionId, now + RECHECK_MS);
      }
    }
    // Each object counted once, however many of its properties are candidates.
    return candidates.filter((c) => (this.smallUntil.get(c.definitionId) ?? 0) <= now);
  }

  private async evaluateOrganization(
    context: RequestContext,
    candidates: AutoIndexCandidate[],
    now: number,
  ): Promise<AutoIndexCandidate[]> {
    const large = await this.largeEnough(context, candidates, now);
    if (large.length === 0) {
      return [];
    }
    return this.writer.inTransaction(context, async (tx) => {
      const rows = await this.writer.findAll(context, tx);
      const definitions = new Map(rows.map((row) => [row.id, toDefinitionInput(row)]));
      let left = this.settings.budget - autoIndexesBuilt([...definitions.values()]);
      const chosen: AutoIndexCandidate[] = [];
      for (const candidate of large) {
        const definition = definitions.get(candidate.definitionId);
        if (!definition || !isEligible(definition, candidate.property)) {
          // Indexed meanwhile, or an admin dropped its automatic index: stop counting it.
          this.usage.forget(context.organizationId, candidate.definitionId, candidate.property);
        } else if (left > 0) {
          chosen.push(candidate);
          left -= 1;
        } else {
          this.fullUntil.set(context.organizationId, now + RECHECK_MS);
          this.logger.warn(
            `Organization ${context.organizationId} has used its budget of ${this.settings.budget} automatic indexes: ${candidate.objectName}.${candidate.property} waits`,
          );
          break;
        }
      }
      await this.record(context, chosen, tx);
      return chosen;
    });
  }

  /** One definition change per object: its chosen properties get `auto_index: built`. */
  private async record(
    context: RequestContext,
    chosen: AutoIndexCandidate[],
    tx: Tx,
  ): Promise<void> {
    const objects = [...new Set(chosen.map((c) => c.objectName))];
    for (const objectName of objects) {
      const mine = chosen.filter((c) => c.objectName === objectName);
      const names = new Set(mine.map((c) => c.property));
      const row = await this.writer.lockDefinition(context, objectName, tx);
      const current = toDefinitionInput(row);
      const definition = {
        ...current,
        properties: current.properties.map((p) =>
          names.has(p.name) ? { ...p, auto_index: 'built' as const } : p,
        ),
      };
      const summary = autoIndexSummary(mine, this.settings.windowMs);
      await this.changes.apply(context, row, { definition, summary }, tx);
      for (const candidate of mine) {
        this.usage.forget(context.organizationId, candidate.definitionId, candidate.property);
      }
      this.logger.log(`${objectName} of ${context.organizationId}: ${summary}`);
    }
  }
}
