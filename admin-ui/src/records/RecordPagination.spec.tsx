import { render, screen } from '@testing-library/react';
import fakeDataProvider from 'ra-data-fakerest';
import {
  AdminContext,
  memoryStore,
  RecordContextProvider,
  ReferenceManyField,
  SimpleList,
  type DataProvider,
} from 'react-admin';
import { MemoryRouter } from 'react-router-dom';
import { i18nProvider } from 'src/i18n/i18nProvider';
import { describe, expect, it } from 'vitest';
import { RecordPagination } from './RecordPagination';

const deals = [
  { id: 'd1', name: 'Renewal', company_id: 'c1' },
  { id: 'd2', name: 'Upsell', company_id: 'c1' },
];

/** getManyReference as the wrapped simple REST provider answers it, estimated or not. */
function dealsProvider(estimate?: number): DataProvider {
  const fake = fakeDataProvider({ deal: deals }, false);
  if (estimate === undefined) {
    return fake;
  }
  return {
    ...fake,
    getManyReference: async (resource, params) => ({
      ...(await fake.getManyReference(resource, params)),
      total: estimate,
      meta: { isTotalEstimated: true },
    }),
  };
}

/** A company's Deals tab: the related-records list of associationReferences. */
function renderDealsTab(dataProvider: DataProvider) {
  return render(
    <MemoryRouter>
      <AdminContext dataProvider={dataProvider} store={memoryStore()} i18nProvider={i18nProvider}>
        <RecordContextProvider value={{ id: 'c1', name: 'Acme' }}>
          <ReferenceManyField
            reference="deal"
            target="company_id"
            perPage={10}
            pagination={<RecordPagination rowsPerPageOptions={[10, 25]} />}
          >
            <SimpleList primaryText="%{name}" linkType={false} />
          </ReferenceManyField>
        </RecordContextProvider>
      </AdminContext>
    </MemoryRouter>,
  );
}

describe(RecordPagination.name, () => {
  it('shows the related records total as react-admin does when it is exact', async () => {
    renderDealsTab(dealsProvider());
    expect(await screen.findByText('1-2 of 2')).toBeTruthy();
    expect(screen.queryByText(/about/)).toBeNull();
  });

  it('shows an estimated related records total as "about"', async () => {
    renderDealsTab(dealsProvider(4321));
    expect(await screen.findByText('1-10 of about 4,321')).toBeTruthy();
  });
});
