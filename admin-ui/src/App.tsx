import { Box, CircularProgress, Typography } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Admin, CustomRoutes, Resource, type AuthProvider, type DataProvider } from 'react-admin';
import { Route } from 'react-router-dom';
import { authProvider as defaultAuthProvider } from './auth/authProvider';
import { LoginPage } from './auth/LoginPage';
import { objectAccess, visibleDefinition } from './auth/permissions';
import { SET_PASSWORD_PATH, SetPasswordPage } from './auth/SetPasswordPage';
import { useSession } from './auth/useSession';
import { DATA_MODEL_PATH, DataModelList } from './data-model/DataModelList';
import { ObjectDefinitionCreate } from './data-model/ObjectDefinitionCreate';
import { ObjectDefinitionEdit } from './data-model/ObjectDefinitionEdit';
import { dataProvider as defaultDataProvider } from './dataProvider';
import { useAssociationDefinitions, useDefinitions } from './definitions/useDefinitions';
import { i18nProvider } from './i18n/i18nProvider';
import { IMPORT_PATH, ImportWizard } from './imports/ImportWizard';
import { Dashboard } from './layout/Dashboard';
import { Layout } from './layout/Layout';
import { darkTheme, lightTheme } from './layout/theme';
import { associationReferences } from './records/associationReferences';
import { MergeScreen } from './records/MergeScreen';
import { RECYCLE_BIN_PATH } from './records/recycleBinApi';
import { RecycleBinPage } from './records/RecycleBinPage';
import type { ReferencesResolver } from './records/references';
import { resourceFromDefinition } from './records/resourceFromDefinition';
import { API_KEYS_PATH, ApiKeysPage } from './settings/ApiKeysPage';
import { MEMBERS_PATH, MembersPage } from './settings/MembersPage';
import { RoleEditPage } from './settings/RoleEditPage';
import { ROLES_PATH, RolesPage } from './settings/RolesPage';
import { WEBHOOKS_PATH, WebhooksPage } from './settings/WebhooksPage';

function Splash({ message, isError = false }: { message: string; isError?: boolean }) {
  return (
    <Box
      sx={{
        display: 'grid',
        placeItems: 'center',
        minHeight: '100vh',
        gap: 2,
        alignContent: 'center',
      }}
    >
      {isError ? null : <CircularProgress />}
      <Typography color={isError ? 'error' : 'text.secondary'}>{message}</Typography>
    </Box>
  );
}

export interface AppProps {
  dataProvider?: DataProvider;
  authProvider?: AuthProvider;
}

/**
 * One <Resource> per object definition the signed-in member may read, rebuilt whenever the
 * definitions are re-read (the data model editor invalidates them), so new objects and properties
 * appear without a reload. Each is built from the definition as the member's role sees it (hidden
 * properties gone) and offers only the actions the role allows; the server enforces both anyway.
 * Signed out, only the login and set-password pages exist.
 */
export function App({
  dataProvider = defaultDataProvider,
  authProvider = defaultAuthProvider,
}: AppProps) {
  const queryClient = useQueryClient();
  const session = useSession();
  const me = session.data ?? null;
  const { data: definitions, error } = useDefinitions(me !== null);
  // Without associations (an error reading them) the screens still work, minus the links.
  const { data: associations, isPending: isReadingAssociations } = useAssociationDefinitions(
    me !== null,
  );
  const resources = useMemo(() => {
    if (!me) {
      return [];
    }
    const visible = (definitions ?? [])
      .filter((definition) => objectAccess(me.permissions, definition.name).read !== 'none')
      .map((definition) => visibleDefinition(definition, me.permissions));
    const references: ReferencesResolver = associationReferences(visible, associations ?? []);
    return visible.map((definition) =>
      resourceFromDefinition(
        definition,
        references,
        objectAccess(me.permissions, definition.name, me.member?.id ?? null),
      ),
    );
  }, [me, definitions, associations]);
  if (session.error) {
    return <Splash isError message={`Cannot reach the server: ${session.error.message}`} />;
  }
  if (session.isPending) {
    return <Splash message="Loading Plinth…" />;
  }
  if (me && error) {
    return <Splash isError message={`Cannot load the object definitions: ${error.message}`} />;
  }
  if (me && (!definitions || isReadingAssociations)) {
    return <Splash message="Loading Plinth…" />;
  }
  return (
    <Admin
      title="Plinth"
      dataProvider={dataProvider}
      authProvider={authProvider}
      loginPage={LoginPage}
      queryClient={queryClient}
      i18nProvider={i18nProvider}
      layout={Layout}
      dashboard={Dashboard}
      theme={lightTheme}
      darkTheme={darkTheme}
      disableTelemetry
      requireAuth
    >
      {resources.map(({ name, ...resource }) => (
        <Resource key={name} name={name} {...resource} />
      ))}
      <CustomRoutes>
        <Route path={`${IMPORT_PATH}/:object`} element={<ImportWizard />} />
      </CustomRoutes>
      <CustomRoutes noLayout>
        <Route path={SET_PASSWORD_PATH} element={<SetPasswordPage />} />
      </CustomRoutes>
      <CustomRoutes>
        <Route path={RECYCLE_BIN_PATH} element={<RecycleBinPage />} />
        <Route path="/merge/:object/:id/:otherId" element={<MergeScreen />} />
      </CustomRoutes>
      {me?.permissions.manage_data_model ? (
        <CustomRoutes>
          <Route path={DATA_MODEL_PATH} element={<DataModelList />} />
          <Route path={`${DATA_MODEL_PATH}/new`} element={<ObjectDefinitionCreate />} />
          <Route path={`${DATA_MODEL_PATH}/:name`} element={<ObjectDefinitionEdit />} />
        </CustomRoutes>
      ) : null}
      {me?.permissions.manage_access ? (
        <CustomRoutes>
          <Route path={MEMBERS_PATH} element={<MembersPage />} />
          <Route path={ROLES_PATH} element={<RolesPage />} />
          <Route path={`${ROLES_PATH}/new`} element={<RoleEditPage />} />
          <Route path={`${ROLES_PATH}/:name`} element={<RoleEditPage />} />
          <Route path={API_KEYS_PATH} element={<ApiKeysPage />} />
          <Route path={WEBHOOKS_PATH} element={<WebhooksPage />} />
        </CustomRoutes>
      ) : null}
    </Admin>
  );
}
