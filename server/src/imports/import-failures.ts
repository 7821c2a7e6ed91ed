import { stringify } from 'csv-stringify/sync';
import type { ImportFailure } from './import-jobs.repository';

/** Writes the failed-rows CSV page by page: row number, reason, then the row's own cells. */
export async function failedRowsCsv(
  failures: { header: string[]; pages: (after: number) => Promise<ImportFailure[]> },
  sink: (chunk: string) => Promise<boolean>,
): Promise<void> {
  if (!(await sink(stringify([failures.header])))) {
    return;
  }
  for (let after = 0; ;) {
    const page = await failures.pages(after);
    if (page.length === 0) {
      return;
    }
    const rows = page.map((failure) => [
      String(failure.rowNumber),
      failure.reason,
      ...failure.cells,
    ]);
    if (!(await sink(stringify(rows)))) {
      return;
    }
    after = page[page.length - 1]?.rowNumber ?? Number.MAX_SAFE_INTEGER;
  }
}
