/** Plinth's own API: every route under `/api`. */
export const API_PREFIX = 'api';

/** The roots of the HubSpot-compatible API, outside `/api`, as HubSpot's clients call them. */
export const HUBSPOT_PATH_PREFIXES = ['crm', 'crm-object-schemas'] as const;

/** Paths of HubSpot's surface: its errors are answered in HubSpot's dialect. */
export const HUBSPOT_PATHS = new RegExp(`^/(${HUBSPOT_PATH_PREFIXES.join('|')})(/|$)`);

/** Paths the API answers: `/api`, and the HubSpot-compatible surface at HubSpot's own paths. */
export const API_PATHS = new RegExp(`^/(${API_PREFIX}|${HUBSPOT_PATH_PREFIXES.join('|')})(/|$)`);

/** A request URL's path, without its query string. */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
