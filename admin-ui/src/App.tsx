import { Box, CircularProgress, Typography } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Admin, CustomRoutes, Resource, type DataProvider } from 'react-admin';
import { Route } from 'react-router-dom';
import { DATA_MODEL_PATH, DataModelList } from './data-model/DataModelList';
import { ObjectDefinitionCreate } from './data-model/ObjectDefinitionCreate';
import { ObjectDefinitionEdit } from './data-model/ObjectDefinitionEdit';
import { dataProvider as defaultDataProvider } from './dataProvider';
import { useAssociationDefinitions, useDefinitions } from './definitions/useDefinitions';
import { i18nProvider } from './i18n/i18nProvider';
import { Dashboard } from './layout/Dashboard';
import { Layout } from './layout/Layout';
import { darkTheme, lightTheme } from './layout/theme';
import { associationReferences } from './records/associationReferences';
import type { ReferencesResolver } from './records/references';
import { resourceFromDefinition } from './records/resourceFromDefinition';

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
}

/**
 * One <Resource> per object definition, rebuilt whenever the definitions are re-read (the data
 * model editor invalidates them), so new objects and properties appear without a reload.
 */
export function App({ dataProvider = defaultDataProvider }: AppProps) {
  const queryClient = useQueryClient();
  const { data: definitions, error } = useDefinitions();
  // Without associations (an error reading them) the screens still work, minus the links.
  const { data: associations, isPending: isReadingAssociations } = useAssociationDefinitions();
  const resources = useMemo(() => {
    const references: ReferencesResolver = associationReferences(
      definitions ?? [],
      associations ?? [],
    );
    return (definitions ?? []).map((definition) => resourceFromDefinition(definition, references));
  }, [definitions, associations]);
  if (error) {
    return <Splash isError message={`Cannot load the object definitions: ${error.message}`} />;
  }
  if (!definitions || isReadingAssociations) {
    return <Splash message="Loading Plinth…" />;
  }
  return (
    <Admin
      title="Plinth"
      dataProvider={dataProvider}
      queryClient={queryClient}
      i18nProvider={i18nProvider}
      layout={Layout}
      dashboard={Dashboard}
      theme={lightTheme}
      darkTheme={darkTheme}
      disableTelemetry
      requireAuth={false}
    >
      {resources.map(({ name, ...resource }) => (
        <Resource key={name} name={name} {...resource} />
      ))}
      <CustomRoutes>
        <Route path={DATA_MODEL_PATH} element={<DataModelList />} />
        <Route path={`${DATA_MODEL_PATH}/new`} element={<ObjectDefinitionCreate />} />
        <Route path={`${DATA_MODEL_PATH}/:name`} element={<ObjectDefinitionEdit />} />
      </CustomRoutes>
    </Admin>
  );
}
