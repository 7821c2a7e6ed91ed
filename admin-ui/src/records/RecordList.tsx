import BoardIcon from '@mui/icons-material/ViewKanban';
import { Button, useMediaQuery, type Theme } from '@mui/material';
import { useMemo } from 'react';
import {
  BulkExportButton,
  ColumnsButton,
  CreateButton,
  DataTable,
  DateField,
  defaultExporter,
  FilterButton,
  Link,
  List,
  SimpleList,
  TopToolbar,
  type Exporter,
  type RaRecord,
} from 'react-admin';
import { canAny, FULL_ACCESS, type ObjectAccess } from 'src/auth/permissions';
import { columnOrder, defaultHiddenColumns, recordTitle } from 'src/definitions/properties';
import type { ObjectDefinition } from 'src/definitions/types';
import { hasPipeline } from 'src/pipelines/pipelines';
import { BulkSetButton } from './BulkSetButton';
import { CsvExportButton } from './CsvExportButton';
import { ImportButton } from './ImportButton';
import { PropertyField } from './PropertyField';
import { exportRow, propertyTypeUi } from './propertyTypes';
import { recordFilters } from './recordFilters';
import { RecordPagination } from './RecordPagination';
import { RecycleBulkDeleteButton } from './RecycleDeleteButtons';
import { noReferences, type ReferencesResolver } from './references';

export interface RecordViewProps {
  definition: ObjectDefinition;
}

function ListActions({
  access,
  definition,
}: {
  access: ObjectAccess;
  definition: ObjectDefinition;
}) {
  return (
    <TopToolbar>
      {hasPipeline(definition) ? (
        <Button component={Link} to={`/${definition.name}/board`} startIcon={<BoardIcon />}>
          Board
        </Button>
      ) : null}
      <FilterButton />
      <ColumnsButton />
      {canAny(access, 'create') ? <CreateButton /> : null}
      {canAny(access, 'create') ? <ImportButton /> : null}
      <CsvExportButton />
    </TopToolbar>
  );
}

function BulkActions({ definition, access }: RecordViewProps & { access: ObjectAccess }) {
  return (
    <>
      {canAny(access, 'update') ? <BulkSetButton definition={definition} /> : null}
      <BulkExportButton />
      {canAny(access, 'delete') ? <RecycleBulkDeleteButton /> : null}
    </>
  );
}

/**
 * The list of any object: primary display property first, the next columns shown by default and
 * the rest one click away (chosen columns are remembered per object in the store).
 */
export function RecordList({
  definition,
  references = noReferences,
  access = FULL_ACCESS,
}: RecordViewProps & { references?: ReferencesResolver; access?: ObjectAccess }) {
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  const { columns: referenceColumns } = references(definition);
  const filters = useMemo(
    () => [...recordFilters(definition), ...references(definition).filters],
    [definition, references],
  );
  const hiddenColumns = useMemo(() => defaultHiddenColumns(definition), [definition]);
  const columns = columnOrder(definition);
  const exporter = useMemo(() => recordExporter(definition), [definition]);
  return (
    <List
      title={definition.labels.plural}
      filters={filters}
      actions={<ListActions access={access} definition={definition} />}
      sort={{ field: 'created_at', order: 'DESC' }}
      perPage={25}
      pagination={<RecordPagination />}
      exporter={exporter}
      // The toolbar (Create, Import) stays on an empty list: importing is how a list fills up.
      empty={false}
    >
      {isSmall ? (
        <SimpleList
          primaryText={(record: RaRecord) => recordTitle(definition, record)}
          secondaryText={(record: RaRecord) => (
            <SecondLine definition={definition} record={record} />
          )}
          linkType="show"
        />
      ) : (
        <DataTable
          rowClick="show"
          hiddenColumns={hiddenColumns}
          bulkActionButtons={<BulkActions definition={definition} access={access} />}
        >
          {columns.map((property) => (
            <DataTable.Col
              key={property.name}
              source={property.name}
              label={property.label}
              align={propertyTypeUi(property.type).isNumeric ? 'right' : 'left'}
            >
              <PropertyField property={property} definition={definition} variant="list" />
            </DataTable.Col>
          ))}
          {referenceColumns.map((column) => (
            <DataTable.Col key={column.source} source={column.source} label={column.label}>
              {column.field}
            </DataTable.Col>
          ))}
          <DataTable.Col source="created_at" label="Created">
            <DateField source="created_at" showTime />
          </DataTable.Col>
          <DataTable.Col source="updated_at" label="Updated">
            <DateField source="updated_at" showTime />
          </DataTable.Col>
        </DataTable>
      )}
    </List>
  );
}

/** CSV export: each property through its type's export rule (one column per property). */
function recordExporter(definition: ObjectDefinition): Exporter {
  return (records: RaRecord[], ...rest) =>
    defaultExporter(
      records.map((record) => exportRow(definition, record)),
      ...rest,
    );
}

/** On a phone, the second visible column under the record's name. */
function SecondLine({ definition, record }: RecordViewProps & { record: Record<string, unknown> }) {
  const second = columnOrder(definition)[1];
  if (!second) {
    return null;
  }
  const value = record[second.name];
  return value === undefined || value === null ? null : (
    <PropertyField property={second} definition={definition} variant="list" />
  );
}
