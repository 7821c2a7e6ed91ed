/** The root paths of the HubSpot-compatible API, outside Plinth's `/api` prefix. */
export const HUBSPOT_PATH_PREFIXES = ['crm', 'crm-object-schemas'] as const;
