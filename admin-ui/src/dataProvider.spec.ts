import { HttpError, type fetchUtils } from 'react-admin';
import { i18nProvider } from 'src/i18n/i18nProvider';
import { describe, expect, it } from 'vitest';
import { RECORD_CHANGED_MESSAGE, recordsDataProvider, type HttpClient } from './dataProvider';

const deals = [{ id: 1 }, { id: 2 }];

/** A fetchJson-shaped answer: the provider reads only headers and json. */
function answer(headers: Record<string, string>) {
  return { status: 200, headers: new Headers(headers), body: JSON.stringify(deals), json: deals };
}

function clientAnswering(headers: Record<string, string>): HttpClient {
  return () => Promise.resolve(answer(headers));
}

const listParams = {
  pagination: { page: 1, perPage: 25 },
  sort: { field: 'created_at', order: 'DESC' as const },
  filter: {},
};

describe(recordsDataProvider.name, () => {
  describe('getList', () => {
    it('flags a total the server estimated', async () => {
      const provider = recordsDataProvider(
        '/api/objects',
        clientAnswering({ 'Content-Range': 'deal 0-24/166567', 'X-Total-Estimated': 'true' }),
      );
      const result = await provider.getList('deal', listParams);
      expect(result).toEqual({ data: deals, total: 166567, meta: { isTotalEstimated: true } });
    });

    it('does not flag an exact total, nor one from a server without the header', async () => {
      const exact = recordsDataProvider(
        '/api/objects',
        clientAnswering({ 'Content-Range': 'deal 0-1/2', 'X-Total-Estimated': 'false' }),
      );
      const older = recordsDataProvider(
        '/api/objects',
        clientAnswering({ 'Content-Range': 'deal 0-1/2' }),
      );
      expect((await exact.getList('deal', listParams)).meta).toEqual({ isTotalEstimated: false });
      expect((await older.getList('deal', listParams)).meta).toEqual({ isTotalEstimated: false });
    });

    it('keeps each concurrent list with its own header', async () => {
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      // The estimated answer arrives only after the exact one.
      const client: HttpClient = async (url) => {
        if (url.includes('estimated')) {
          await gate;
          return answer({ 'Content-Range': 'deal 0-24/5000', 'X-Total-Estimated': 'true' });
        }
        return answer({ 'Content-Range': 'deal 0-1/2', 'X-Total-Estimated': 'false' });
      };
      const provider = recordsDataProvider('/api/objects', client);
      const estimated = provider.getList('deal', { ...listParams, filter: { q: 'estimated' } });
      const exact = await provider.getList('deal', listParams);
      release();
      expect((await estimated).meta).toEqual({ isTotalEstimated: true });
      expect(exact.meta).toEqual({ isTotalEstimated: false });
    });
  });

  describe('getManyReference', () => {
    it('flags a total the server estimated', async () => {
      const provider = recordsDataProvider(
        '/api/objects',
        clientAnswering({ 'Content-Range': 'deal 0-9/4321', 'X-Total-Estimated': 'true' }),
      );
      const result = await provider.getManyReference('deal', {
        ...listParams,
        target: 'company_id',
        id: 'c1',
      });
      expect(result).toEqual({ data: deals, total: 4321, meta: { isTotalEstimated: true } });
    });
  });

  describe('If-Match', () => {
    interface Sent {
      url: string;
      method: string;
      ifMatch: string | null;
    }

    /** A server of one deal at `version`: answers its ETag, and 412 to a stale If-Match. */
    function server(version: { current: number }) {
      const sent: Sent[] = [];
      const client: HttpClient = (url: string, options: fetchUtils.Options = {}) => {
        const ifMatch = new Headers(options.headers).get('If-Match');
        const method = options.method ?? 'GET';
        sent.push({ url, method, ifMatch });
        if (ifMatch !== null && ifMatch !== `"${version.current}"`) {
          const body = { status: 412, code: 'PRECONDITION_FAILED', message: 'stale' };
          return Promise.reject(new HttpError('stale', 412, body));
        }
        if (method === 'PUT') {
          version.current += 1;
        }
        const json = { id: 'd1', name: 'Deal' };
        return Promise.resolve({
          status: 200,
          headers: new Headers({ ETag: `"${version.current}"` }),
          body: JSON.stringify(json),
          json,
        });
      };
      return { sent, client };
    }

    const update = { id: 'd1', data: { name: 'Mine' }, previousData: { id: 'd1' } };

    it('sends the version it loaded, then the one its own update made', async () => {
      const { sent, client } = server({ current: 3 });
      const provider = recordsDataProvider('/api/objects', client);
      await provider.getOne('deal', { id: 'd1' });
      await provider.update('deal', update);
      await provider.update('deal', update);
      await provider.delete('deal', { id: 'd1', previousData: { id: 'd1' } });
      expect(sent.map(({ method, ifMatch }) => [method, ifMatch])).toEqual([
        ['GET', null],
        ['PUT', '"3"'],
        ['PUT', '"4"'],
        ['DELETE', '"5"'],
      ]);
      expect(sent[1]?.url).toBe('/api/objects/deal/d1');
    });

    it('sends none for a record it never loaded (last writer wins)', async () => {
      const { sent, client } = server({ current: 3 });
      await recordsDataProvider('/api/objects', client).update('deal', update);
      expect(sent[0]?.ifMatch).toBeNull();
    });

    it('tells the user someone else changed the record when the server answers 412', async () => {
      const version = { current: 3 };
      const { client } = server(version);
      const provider = recordsDataProvider('/api/objects', client);
      await provider.getOne('deal', { id: 'd1' });
      version.current = 4; // another editor saved meanwhile
      const refusal = provider.update('deal', update);
      await expect(refusal).rejects.toBeInstanceOf(HttpError);
      const error = (await refusal.catch((e: unknown) => e)) as HttpError;
      expect(error.status).toBe(412);
      expect(error.message).toBe(RECORD_CHANGED_MESSAGE);
      expect(error.body).toMatchObject({ code: 'PRECONDITION_FAILED' });
      expect(i18nProvider.translate(error.message)).toBe(
        'This record was changed by someone else since you opened it: reload to see their changes',
      );
      // Reloading picks up the new version, and the next save goes through.
      await provider.getOne('deal', { id: 'd1' });
      await expect(provider.update('deal', update)).resolves.toMatchObject({ data: { id: 'd1' } });
    });
  });
});
