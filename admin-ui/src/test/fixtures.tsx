import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import fakeDataProvider from 'ra-data-fakerest';
import type { ReactNode } from 'react';
import {
  Admin,
  AdminContext,
  Form,
  memoryStore,
  RecordContextProvider,
  Resource,
  type DataProvider,
} from 'react-admin';
import { MemoryRouter } from 'react-router-dom';
import { createAuthProvider } from 'src/auth/authProvider';
import { FULL_PERMISSIONS } from 'src/auth/permissions';
import type { Me } from 'src/auth/types';
import { SESSION_QUERY_KEY } from 'src/auth/useSession';
import type { JsonSchema, ObjectDefinition } from 'src/definitions/types';
import {
  ASSOCIATIONS_QUERY_KEY,
  DEFINITIONS_QUERY_KEY,
  schemaQueryKey,
} from 'src/definitions/useDefinitions';
import { i18nProvider } from 'src/i18n/i18nProvider';
import { resourceFromDefinition } from 'src/records/resourceFromDefinition';
import definition from './every-type.definition.json';
import schema from './every-type.schema.json';

/** One property of every type (every-type.definition.json), compiled by the server's compiler. */
export const specimen = definition as unknown as ObjectDefinition;
export const specimenSchema = schema as JsonSchema;

export const specimenRecord = {
  id: 1,
  title: 'Crate of lamps',
  notes: 'Handle with care.\nTop side up.',
  weight: 12.5,
  quantity: 3,
  price: '1250.50',
  discount: 15,
  is_fragile: true,
  ship_date: '2026-03-01',
  delivered_at: '2026-03-04T10:30:00Z',
  status: 'shipped',
  tags: ['cold', 'urgent'],
  contact_email: 'ops@example.com',
  contact_phone: '+1 (555) 010-2030',
  tracking_url: 'https://track.example.com/42',
  dimensions: { width: 40, depth: 30 },
  reference: 'SP-0001',
  currency: 'EUR',
  created_at: '2026-03-01T09:00:00Z',
  updated_at: '2026-03-02T09:00:00Z',
};

/** An owner of "Acme" signed in (every permission), as `GET /api/auth/me` answers. */
export function aSession(overrides: Partial<Me> = {}): Me {
  const organization = { id: 'org-acme', name: 'Acme', slug: 'acme', role: 'owner' };
  return {
    user: { id: 'user-ada', email: 'ada@example.com', name: 'Ada Lovelace' },
    actor: { kind: 'member', id: 'member-ada' },
    organization,
    member: { id: 'member-ada', role: 'owner' },
    role: 'owner',
    permissions: FULL_PERMISSIONS,
    organizations: [organization],
    ...overrides,
  };
}

/** The real auth provider over a session API that answers from memory (the UI's unit tier). */
export function sessionAuthProvider(session: Me | null = aSession()) {
  let current = session;
  return createAuthProvider({
    me: () => Promise.resolve(current),
    login: () => Promise.reject(new Error('not in this test')),
    logout: () => {
      current = null;
      return Promise.resolve();
    },
    completePasswordReset: () => Promise.resolve(),
    organizations: () => Promise.resolve(current?.organizations ?? []),
  });
}

/** A query cache that already holds the session, definitions and schemas the server would send. */
export function testQueryClient(
  definitions: ObjectDefinition[] = [specimen],
  session: Me | null = aSession(),
): QueryClient {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  queryClient.setQueryData(SESSION_QUERY_KEY, session);
  queryClient.setQueryData(DEFINITIONS_QUERY_KEY, definitions);
  queryClient.setQueryData(ASSOCIATIONS_QUERY_KEY, []);
  queryClient.setQueryData(schemaQueryKey(specimen), specimenSchema);
  return queryClient;
}

/** Fields need a record; inputs need a form: both inside react-admin's contexts. */
export function renderInRecord(
  children: ReactNode,
  record: Record<string, unknown> = specimenRecord,
) {
  return render(
    <AdminContext store={memoryStore()} i18nProvider={i18nProvider}>
      <RecordContextProvider value={record}>{children}</RecordContextProvider>
    </AdminContext>,
  );
}

export function renderInForm(
  children: ReactNode,
  values: Record<string, unknown> = specimenRecord,
  onSubmit: (values: Record<string, unknown>) => void = () => undefined,
) {
  return render(
    <AdminContext store={memoryStore()} i18nProvider={i18nProvider}>
      <Form record={values} mode="onChange" onSubmit={onSubmit}>
        {children}
        <button type="submit">Submit</button>
      </Form>
    </AdminContext>,
  );
}

/** ra-data-fakerest holding `records` as the specimen object's records. */
export function specimenDataProvider(
  records: Array<Record<string, unknown>> = [specimenRecord],
): DataProvider {
  return fakeDataProvider({ [specimen.name]: records }, false);
}

/** The whole generated resource on ra-data-fakerest (or the given provider), at `path`. */
export function renderResource(
  path: string,
  records: Array<Record<string, unknown>> = [specimenRecord],
  dataProvider: DataProvider = specimenDataProvider(records),
) {
  const result = render(
    <MemoryRouter initialEntries={[path]}>
      <Admin
        dataProvider={dataProvider}
        queryClient={testQueryClient()}
        store={memoryStore()}
        i18nProvider={i18nProvider}
        disableTelemetry
      >
        <Resource {...resourceFromDefinition(specimen)} />
      </Admin>
    </MemoryRouter>,
  );
  return { ...result, dataProvider };
}
