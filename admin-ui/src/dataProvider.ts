import simpleRestProvider from 'ra-data-simple-rest';
import { fetchUtils, type DataProvider, type GetListResult } from 'react-admin';

/** Where the record API and the definition API live (same origin: the server serves this app). */
export const API_URL = '/api';

/** `true` when the list total is PostgreSQL's estimate (over 1,000 matches), not a count. */
export const TOTAL_ESTIMATED_HEADER = 'X-Total-Estimated';

/** What a record list answer carries besides data and total, in react-admin's result `meta`. */
export interface ListMeta {
  isTotalEstimated: boolean;
}

/**
 * fetchJson rejects with an HttpError whose message is the body's `message` and whose body keeps
 * `errors`, so react-admin shows server field errors next to their inputs (docs/architecture.md).
 */
export const httpClient = (url: string, options: fetchUtils.Options = {}) =>
  fetchUtils.fetchJson(url, options);

export type HttpClient = typeof httpClient;

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

/**
 * The record API speaks react-admin's simple REST dialect: no custom dialect (docs/architecture.md).
 * Lists (getList, getManyReference) add `meta.isTotalEstimated` from the X-Total-Estimated header.
 */
export function recordsDataProvider(apiUrl: string, client: HttpClient = httpClient): DataProvider {
  return {
    ...simpleRestProvider(apiUrl, client),
    getList: (resource, params) =>
      listWithEstimate(apiUrl, client, (provider) => provider.getList(resource, params)),
    getManyReference: (resource, params) =>
      listWithEstimate(apiUrl, client, (provider) => provider.getManyReference(resource, params)),
  };
}

export const dataProvider: DataProvider = recordsDataProvider(`${API_URL}/objects`);
