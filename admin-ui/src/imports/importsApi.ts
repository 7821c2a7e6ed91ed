import { API_URL, apiFetch, httpClient } from 'src/dataProvider';

/** The import API (README "Import and export"); snake_case as on the wire. */
export interface ImportTarget {
  name: string;
  label: string;
  type: string;
  required: boolean;
}

export interface ImportJob {
  id: string;
  object: string;
  status: 'uploaded' | 'running' | 'completed' | 'cancelled' | 'failed';
  mode: 'create' | 'upsert';
  key: string | null;
  mapping: Record<string, string>;
  columns: string[];
  file_name: string;
  rows_total: number;
  rows_done: number;
  created: number;
  updated: number;
  failed: number;
  rows_per_second: number | null;
  seconds_left: number | null;
  error: string | null;
  cancel_requested: boolean;
}

export type UploadedImport = ImportJob & { targets: ImportTarget[]; keys: string[] };

export interface ImportSettings {
  mode: 'create' | 'upsert';
  key?: string;
  mapping: Record<string, string>;
}

export interface DryRun {
  rows_total: number;
  rows_valid: number;
  rows_failed: number;
  preview: Array<{ row: number; values: Record<string, unknown> }>;
  errors: Array<{ row: number; reason: string }>;
  errors_truncated: boolean;
}

const IMPORTS_URL = `${API_URL}/imports`;

async function failure(response: Response): Promise<Error> {
  try {
    const body = (await response.json()) as { message?: unknown };
    return new Error(typeof body.message === 'string' ? body.message : response.statusText);
  } catch {
    return new Error(`The server answered ${response.status}`);
  }
}

export const importsApi = {
  /** Sends the file as it is (streamed by the browser), as text/csv. */
  async upload(object: string, file: File): Promise<UploadedImport> {
    const query = new URLSearchParams({ object, file_name: file.name });
    const response = await apiFetch(`${IMPORTS_URL}?${query.toString()}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv', Accept: 'application/json' },
      body: file,
    });
    if (!response.ok) {
      throw await failure(response);
    }
    return (await response.json()) as UploadedImport;
  },
  async dryRun(id: string, settings: ImportSettings): Promise<DryRun> {
    const response = await httpClient(`${IMPORTS_URL}/${id}/dry-run`, {
      method: 'POST',
      body: JSON.stringify(settings),
    });
    return response.json as DryRun;
  },
  async start(id: string, settings: ImportSettings): Promise<ImportJob> {
    const response = await httpClient(`${IMPORTS_URL}/${id}/start`, {
      method: 'POST',
      body: JSON.stringify(settings),
    });
    return response.json as ImportJob;
  },
  async get(id: string): Promise<ImportJob> {
    return (await httpClient(`${IMPORTS_URL}/${id}`)).json as ImportJob;
  },
  async cancel(id: string): Promise<ImportJob> {
    return (await httpClient(`${IMPORTS_URL}/${id}/cancel`, { method: 'POST' })).json as ImportJob;
  },
  async failedRows(id: string): Promise<Blob> {
    const response = await apiFetch(`${IMPORTS_URL}/${id}/failed.csv`, {
      headers: { Accept: 'text/csv' },
    });
    if (!response.ok) {
      throw await failure(response);
    }
    return response.blob();
  },
};

export type ImportsApi = typeof importsApi;
