import { Box, Divider } from '@mui/material';
import {
  DateField,
  EditButton,
  Labeled,
  Show,
  TabbedShowLayout,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import { canOn, FULL_ACCESS, type ObjectAccess } from 'src/auth/permissions';
import { recordTitle } from 'src/definitions/properties';
import type { PropertyDefinition } from 'src/definitions/types';
import { StageHistory } from 'src/pipelines/StageHistory';
import { DuplicatesPanel } from './DuplicatesPanel';
import { PropertyField } from './PropertyField';
import { isWide } from './RecordForm';
import type { RecordViewProps } from './RecordList';
import { RecordTimeline } from './RecordTimeline';
import { RecycleDeleteButton } from './RecycleDeleteButtons';
import { noReferences, type ReferencesResolver } from './references';

function ShowTitle({ definition }: RecordViewProps) {
  const record = useRecordContext();
  return <>{recordTitle(definition, record)}</>;
}

/** Edit and Delete where the role allows them on this record (`own`: the member's own records). */
function ShowActions({ access }: { access: ObjectAccess }) {
  const record = useRecordContext<{ id: string; owner_id?: unknown }>();
  return (
    <TopToolbar>
      {canOn(access, 'update', record) ? <EditButton /> : null}
      {canOn(access, 'delete', record) ? <RecycleDeleteButton /> : null}
    </TopToolbar>
  );
}

/** Every property, labelled, in a two-column grid on wide screens (one column on a phone). */
function RecordDetails({ definition, fields }: RecordViewProps & { fields: React.ReactNode[] }) {
  const labelled = (property: PropertyDefinition) => (
    <Box key={property.name} sx={{ gridColumn: isWide(property) ? '1 / -1' : 'auto', minWidth: 0 }}>
      <Labeled label={property.label} fullWidth>
        <PropertyField property={property} definition={definition} />
      </Labeled>
    </Box>
  );
  return (
    <Box
      sx={{
        display: 'grid',
        gap: 2,
        gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' },
        py: 1,
      }}
    >
      {definition.properties.filter((p) => !isWide(p)).map(labelled)}
      {fields}
      {definition.properties.filter(isWide).map(labelled)}
      <Divider sx={{ gridColumn: '1 / -1' }} />
      <Labeled label="Created">
        <DateField source="created_at" showTime />
      </Labeled>
      <Labeled label="Updated">
        <DateField source="updated_at" showTime />
      </Labeled>
    </Box>
  );
}

/** A record's page: its details, then one tab per to-many association (references seam). */
export function RecordShow({
  definition,
  references = noReferences,
  access = FULL_ACCESS,
}: RecordViewProps & { references?: ReferencesResolver; access?: ObjectAccess }) {
  const { fields, tabs: linkTabs } = references(definition);
  // The timeline (issue 14) is one more tab on every record page.
  const tabs = [
    ...linkTabs,
    { key: 'timeline', label: 'Timeline', content: <RecordTimeline definition={definition} /> },
  ];
  return (
    <Show title={<ShowTitle definition={definition} />} actions={<ShowActions access={access} />}>
      {(definition.duplicate_rules ?? []).length > 0 ? (
        <Box sx={{ px: 2 }}>
          <DuplicatesPanel definition={definition} />
        </Box>
      ) : null}
      {tabs.length === 0 ? (
        <Box sx={{ px: 2 }}>
          <RecordDetails definition={definition} fields={fields} />
          <StageHistory definition={definition} />
        </Box>
      ) : (
        <TabbedShowLayout>
          <TabbedShowLayout.Tab label="Details">
            <RecordDetails definition={definition} fields={fields} />
            <StageHistory definition={definition} />
          </TabbedShowLayout.Tab>
          {tabs.map((tab) => (
            <TabbedShowLayout.Tab key={tab.key} label={tab.label} path={tab.key}>
              {tab.content}
            </TabbedShowLayout.Tab>
          ))}
        </TabbedShowLayout>
      )}
    </Show>
  );
}
