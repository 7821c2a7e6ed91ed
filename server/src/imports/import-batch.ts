import { AppError } from 'src/common/errors/app-error';

/** What happened to each record of a call: created or updated (a dry run answers none). */
export type WriteOutcome = 'created' | 'updated';

/** Writes (or checks) a batch through the write path, all or nothing; errors by index. */
export type BatchCall = (bodies: unknown[]) => Promise<WriteOutcome[]>;

export interface BatchResult {
  created: number;
  updated: number;
  /** Positions in the batch and why each was refused. */
  failures: Array<{ index: number; reason: string }>;
}

/** How often a batch is retried without the records it refused before going one by one. */
const MAX_NARROWING = 3;

/** The refused records of a batch error, by position: `errors["3.email"]` → 3 → "email …". */
export function refusedByIndex(error: AppError): Map<number, string> {
  const byIndex = new Map<number, string[]>();
  for (const [field, message] of Object.entries(error.errors ?? {})) {
    const match = /^(\d+)\.(.*)$/.exec(field);
    if (match) {
      const index = Number(match[1]);
      const name = match[2] === '(record)' || match[2] === '' ? '' : `${match[2]} `;
      byIndex.set(index, [...(byIndex.get(index) ?? []), `${name}${message}`]);
    }
  }
  return new Map([...byIndex].map(([index, reasons]) => [index, reasons.join('; ')]));
}

/**
 * Per-row results from all-or-nothing batches (README "Import and export"): a refused batch is
 * retried without the records its error names, so the good rows of a batch still go in and each
 * bad one is reported with its reason. An error that names no record (a conflict found at
 * commit) sends the rest one by one. Anything but an AppError (the database is gone) is thrown:
 * the import stops there, with what it wrote reported.
 */
export async function writeBatch(bodies: unknown[], call: BatchCall): Promise<BatchResult> {
  const result: BatchResult = { created: 0, updated: 0, failures: [] };
  let pending = bodies.map((body, index) => ({ body, index }));
  for (let attempt = 0; attempt < MAX_NARROWING && pending.length > 0; attempt++) {
    try {
      count(result, await call(pending.map((item) => item.body)));
      return result;
    } catch (error) {
      if (!(error instanceof AppError)) {
        throw error;
      }
      const refused = refusedByIndex(error);
      if (refused.size === 0) {
        break;
      }
      for (const [position, reason] of refused) {
        const item = pending[position];
        if (item) {
          result.failures.push({ index: item.index, reason });
        }
      }
      pending = pending.filter((_, position) => !refused.has(position));
    }
  }
  for (const item of pending) {
    try {
      count(result, await call([item.body]));
    } catch (error) {
      if (!(error instanceof AppError)) {
        throw error;
      }
      result.failures.push({
        index: item.index,
        reason: refusedByIndex(error).get(0) ?? error.message,
      });
    }
  }
  return result;
}

function count(result: BatchResult, outcomes: WriteOutcome[]): void {
  for (const outcome of outcomes) {
    if (outcome === 'created') {
      result.created++;
    } else {
      result.updated++;
    }
  }
}
