import simpleRestProvider from 'ra-data-simple-rest';
import { fetchUtils, type DataProvider } from 'react-admin';

/** Where the record API and the definition API live (same origin: the server serves this app). */
export const API_URL = '/api';

/**
 * fetchJson rejects with an HttpError whose message is the body's `message` and whose body keeps
 * `errors`, so react-admin shows server field errors next to their inputs (STYLE.md §7).
 */
export const httpClient = (url: string, options: fetchUtils.Options = {}) =>
  fetchUtils.fetchJson(url, options);

/** The record API speaks react-admin's simple REST dialect: no custom dialect (STYLE.md §13). */
export const dataProvider: DataProvider = simpleRestProvider(`${API_URL}/objects`, httpClient);
