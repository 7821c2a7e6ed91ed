import { API_URL, httpClient, type HttpClient } from 'src/dataProvider';

/** The admin UI's screen of deleted records (README, "Recycle bin"). */
export const RECYCLE_BIN_PATH = '/recycle-bin';

/** The recycle bin's two actions beside the list (`filter={"archived":true}`, react-admin's getList). */
export interface RecycleBinApi {
  /** Brings a deleted record back, with its links. */
  restore(object: string, id: string): Promise<void>;
  /** Removes a record for good (a role that manages the data model only). */
  purge(object: string, id: string): Promise<void>;
}

export function recycleBinApi(client: HttpClient = httpClient): RecycleBinApi {
  const recordUrl = (object: string, id: string) =>
    `${API_URL}/objects/${encodeURIComponent(object)}/${encodeURIComponent(id)}`;
  return {
    async restore(object, id) {
      await client(`${recordUrl(object, id)}/restore`, { method: 'POST' });
    },
    async purge(object, id) {
      await client(`${recordUrl(object, id)}?permanent=true`, { method: 'DELETE' });
    },
  };
}
