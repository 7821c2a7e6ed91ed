/**
 * The admin UI's export: the server streams every match of the list as CSV
 * (`GET /api/objects/{object}/export.csv` with the list's filter and sort), so an export of any
 * size is one request, not pages of 1,000. Free of react-admin so the contract tests drive this
 * very code against the real server.
 */
export interface CsvExportParams {
  filter: Record<string, unknown>;
  sort?: { field: string; order: string };
}

export type CsvFetch = (url: string, init: { headers: Headers }) => Promise<Response>;

/** The URL, with `filter` and `sort` as JSON, as ra-data-simple-rest sends a list's. */
export function csvExportUrl(apiUrl: string, resource: string, params: CsvExportParams): string {
  const query = new URLSearchParams();
  if (params.sort) {
    query.set('sort', JSON.stringify([params.sort.field, params.sort.order]));
  }
  query.set('filter', JSON.stringify(params.filter));
  return `${apiUrl}/${encodeURIComponent(resource)}/export.csv?${query.toString()}`;
}

/** An export that failed before its first byte: the server's message and status. */
export class CsvExportError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The whole CSV file of the list (a Blob: the browser keeps it off the JavaScript heap). */
export async function fetchCsvExport(
  apiUrl: string,
  resource: string,
  params: CsvExportParams,
  fetchCsv: CsvFetch,
): Promise<Blob> {
  const headers = new Headers({ Accept: 'text/csv' });
  const response = await fetchCsv(csvExportUrl(apiUrl, resource, params), { headers });
  if (!response.ok) {
    let message = `Export failed (${response.status})`;
    try {
      const body = (await response.json()) as { message?: unknown };
      message = typeof body.message === 'string' ? body.message : message;
    } catch {
      // Not the error body: keep the generic message.
    }
    throw new CsvExportError(message, response.status);
  }
  return response.blob();
}
