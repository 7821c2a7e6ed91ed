import simpleRestProvider from 'ra-data-simple-rest';
import {
  fetchUtils,
  HttpError,
  type DataProvider,
  type GetListResult,
  type Identifier,
} from 'react-admin';
import { chosenOrganization } from './auth/organization';
import { fetchCsvExport, type CsvExportParams } from './records/csvExport';

/** Where the record API and the definition API live (same origin: the server serves this app). */
export const API_URL = '/api';

/** `true` when the list total is PostgreSQL's estimate (over 1,000 matches), not a count. */
export const TOTAL_ESTIMATED_HEADER = 'X-Total-Estimated';

/** What a record list answer carries besides data and total, in react-admin's result `meta`. */
export interface ListMeta {
  isTotalEstimated: boolean;
}

/**
 * Every API call of the app. fetchJson rejects with an HttpError whose message is the body's
 * `message` and whose body keeps `errors`, so react-admin shows server field errors next to their
 * inputs (docs/architecture.md). The session cookie goes along (same origin only); the server
 * refuses a cookie-authenticated write without `X-Requested-With` (a cross-site form cannot set
 * it), and `X-Organization-Id` names the organization chosen in the switcher.
 */
export const httpClient = (url: string, options: fetchUtils.Options = {}) => {
  const headers = new Headers(options.headers);
  if (!headers.has('Accept')) {
    headers.set('Accept', 'application/json');
  }
  headers.set('X-Requested-With', 'XMLHttpRequest');
  const organization = chosenOrganization.get();
  if (organization !== null) {
    headers.set('X-Organization-Id', organization);
  }
  return fetchUtils.fetchJson(url, { ...options, headers, credentials: 'same-origin' });
};

export type HttpClient = typeof httpClient;

/**
 * A plain fetch with the app's credentials and headers (as httpClient), for answers that are not
 * JSON: CSV downloads and uploads.
 */
export function apiFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('X-Requested-With', 'XMLHttpRequest');
  const organization = chosenOrganization.get();
  if (organization !== null) {
    headers.set('X-Organization-Id', organization);
  }
  return fetch(url, { ...init, headers, credentials: 'same-origin' });
}

/** What the record data provider offers besides react-admin's methods. */
export interface RecordsDataProvider extends DataProvider {
  /** Every record of the list (filter and sort) as one CSV file, streamed by the server. */
  exportCsv(resource: string, params: CsvExportParams): Promise<Blob>;
}

/**
 * ra-data-simple-rest keeps only Content-Range from a list response. Each list call gets its own
 * provider around a client that notes that call's X-Total-Estimated, so concurrent lists cannot
 * read each other's header.
 */
async function listWithEstimate(
  apiUrl: string,
  client: HttpClient,
  list: (provider: DataProvider) => Promise<GetListResult>,
): Promise<GetListResult> {
  let isTotalEstimated = false;
  const provider = simpleRestProvider(apiUrl, async (url: string, options?: fetchUtils.Options) => {
    const response = await client(url, options);
    isTotalEstimated = response.headers.get(TOTAL_ESTIMATED_HEADER) === 'true';
    return response;
  });
  const result = await list(provider);
  const meta: ListMeta = { isTotalEstimated };
  return { ...result, meta: { ...(result.meta as object | undefined), ...meta } };
}

/** What a 412 (the record changed since it was loaded) shows: an i18n key of plinthMessages. */
export const RECORD_CHANGED_MESSAGE = 'plinth.notification.record_changed';

/**
 * The ETag (the record's version) of each record this app loaded or wrote, so an update or
 * delete changes only the version the user saw: the server answers 412 when someone else wrote
 * in between, instead of silently undoing their change. ra-data-simple-rest drops response
 * headers, so each call gets its own provider around a client that reads or sends them.
 */
class RecordVersions {
  private readonly tags = new Map<string, string>();

  constructor(
    private readonly apiUrl: string,
    private readonly client: HttpClient,
  ) {}

  /** A provider whose client notes the ETag of record `id` (for a create: of the record returned). */
  reading(resource: string, id?: Identifier): DataProvider {
    return simpleRestProvider(this.apiUrl, async (url: string, options?: fetchUtils.Options) => {
      const response = await this.client(url, options);
      this.note(resource, id ?? (response.json as { id?: Identifier } | null)?.id, response);
      return response;
    });
  }

  /** A provider whose client sends If-Match with the version last seen of the record. */
  writing(resource: string, id: Identifier): DataProvider {
    return simpleRestProvider(this.apiUrl, async (url: string, options?: fetchUtils.Options) => {
      const headers = new Headers(options?.headers);
      const tag = this.tags.get(keyOf(resource, id));
      if (tag !== undefined) {
        headers.set('If-Match', tag);
      }
      try {
        const response = await this.client(url, { ...options, headers });
        this.note(resource, id, response);
        return response;
      } catch (error) {
        if (error instanceof HttpError && error.status === 412) {
          throw new HttpError(RECORD_CHANGED_MESSAGE, 412, error.body);
        }
        throw error;
      }
    });
  }

  forget(resource: string, id: Identifier): void {
    this.tags.delete(keyOf(resource, id));
  }

  private note(resource: string, id: Identifier | undefined, response: { headers: Headers }) {
    const tag = response.headers.get('ETag');
    if (id !== undefined && tag !== null) {
      this.tags.set(keyOf(resource, id), tag);
    }
  }
}

const keyOf = (resource: string, id: Identifier) => `${resource}/${String(id)}`;

/**
 * The record API speaks react-admin's simple REST dialect: no custom dialect (docs/architecture.md).
 * Lists (getList, getManyReference) add `meta.isTotalEstimated` from the X-Total-Estimated header.
 * A single record's update and delete send If-Match with the version the app last loaded of it;
 * many-record updates and deletes (bulk actions on a list) do not, since a list carries no
 * versions: they keep last-writer-wins.
 */
export function recordsDataProvider(
  apiUrl: string,
  client: HttpClient = httpClient,
  fetchCsv: typeof apiFetch = apiFetch,
): RecordsDataProvider {
  const versions = new RecordVersions(apiUrl, client);
  return {
    exportCsv: (resource, params) => fetchCsvExport(apiUrl, resource, params, fetchCsv),
    ...simpleRestProvider(apiUrl, client),
    getList: (resource, params) =>
      listWithEstimate(apiUrl, client, (provider) => provider.getList(resource, params)),
    getManyReference: (resource, params) =>
      listWithEstimate(apiUrl, client, (provider) => provider.getManyReference(resource, params)),
    getOne: (resource, params) => versions.reading(resource, params.id).getOne(resource, params),
    create: (resource, params) => versions.reading(resource).create(resource, params),
    update: (resource, params) =>
      versions.writing(resource, params.id as Identifier).update(resource, params),
    delete: async (resource, params) => {
      const result = await versions.writing(resource, params.id).delete(resource, params);
      versions.forget(resource, params.id);
      return result;
    },
  };
}

export const dataProvider: RecordsDataProvider = recordsDataProvider(`${API_URL}/objects`);
