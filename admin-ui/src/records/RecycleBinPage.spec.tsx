import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AdminContext, memoryStore, type DataProvider } from 'react-admin';
import { MemoryRouter } from 'react-router-dom';
import type { Me } from 'src/auth/types';
import { i18nProvider } from 'src/i18n/i18nProvider';
import { aSession, specimen, specimenRecord, testQueryClient } from 'src/test/fixtures';
import { describe, expect, it } from 'vitest';
import type { RecycleBinApi } from './recycleBinApi';
import { RecycleBinPage } from './RecycleBinPage';

const DELETED = [
  {
    ...specimenRecord,
    id: 'mine',
    title: 'My crate',
    owner_id: 'member-bob',
    archived_at: '2026-03-05T10:00:00Z',
    archived_by: 'member:member-bob',
  },
  {
    ...specimenRecord,
    id: 'theirs',
    title: 'Their crate',
    owner_id: 'member-ada',
    archived_at: '2026-03-06T10:00:00Z',
    archived_by: 'member:member-ada',
  },
];

/** The server's recycle bin in memory: getList answers the deleted records only for `archived`. */
class MemoryRecycleBin implements RecycleBinApi {
  deleted = [...DELETED];
  restored: string[] = [];
  purged: string[] = [];

  restore = (_object: string, id: string) => {
    this.restored.push(id);
    this.deleted = this.deleted.filter((record) => record.id !== id);
    return Promise.resolve();
  };

  purge = (_object: string, id: string) => {
    this.purged.push(id);
    this.deleted = this.deleted.filter((record) => record.id !== id);
    return Promise.resolve();
  };

  dataProvider(): DataProvider {
    return {
      getList: (_resource: string, params: { filter?: Record<string, unknown> }) => {
        const data = params.filter?.archived === true ? this.deleted : [];
        return Promise.resolve({ data, total: data.length });
      },
    } as unknown as DataProvider;
  }
}

function renderBin(bin: MemoryRecycleBin, session: Me) {
  const queryClient = testQueryClient([specimen], session);
  render(
    <MemoryRouter>
      <QueryClientProvider client={queryClient}>
        <AdminContext
          dataProvider={bin.dataProvider()}
          store={memoryStore()}
          i18nProvider={i18nProvider}
          queryClient={queryClient}
        >
          <RecycleBinPage api={bin} />
        </AdminContext>
      </QueryClientProvider>
    </MemoryRouter>,
  );
}

const rowOf = async (title: string) =>
  (await screen.findByText(title)).closest('tr') as HTMLElement;

describe(RecycleBinPage.name, () => {
  it('lists deleted records with who deleted them, restores one and purges another', async () => {
    const bin = new MemoryRecycleBin();
    renderBin(bin, aSession());
    const mine = await rowOf('My crate');
    expect(within(mine).getByText('member:member-bob')).toBeTruthy();
    await userEvent.click(within(mine).getByRole('button', { name: 'Restore' }));
    await waitFor(() => expect(bin.restored).toEqual(['mine']));
    await waitFor(() => expect(screen.queryByText('My crate')).toBeNull());
    const theirs = await rowOf('Their crate');
    await userEvent.click(within(theirs).getByRole('button', { name: 'Delete permanently' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(bin.purged).toEqual(['theirs']));
  });

  it('offers a member Restore on their own records only, and no purge', async () => {
    const bin = new MemoryRecycleBin();
    const member = aSession({
      member: { id: 'member-bob', role: 'member' },
      role: 'member',
      permissions: {
        objects: { '*': { read: 'all', create: 'all', update: 'all', delete: 'own' } },
        properties: {},
        manage_data_model: false,
        manage_access: false,
      },
    });
    renderBin(bin, member);
    const mine = await rowOf('My crate');
    const theirs = await rowOf('Their crate');
    expect(within(mine).getByRole('button', { name: 'Restore' })).toBeTruthy();
    expect(within(theirs).queryByRole('button', { name: 'Restore' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete permanently' })).toBeNull();
  });
});
