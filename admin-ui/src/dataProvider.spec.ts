import { describe, expect, it } from 'vitest';
import { recordsDataProvider, type HttpClient } from './dataProvider';

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
});
