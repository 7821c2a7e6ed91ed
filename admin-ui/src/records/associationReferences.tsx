import AddIcon from '@mui/icons-material/Add';
import { Box, Button, Typography } from '@mui/material';
import {
  AutocompleteInput,
  DataTable,
  Labeled,
  Link,
  ReferenceField,
  ReferenceInput,
  ReferenceManyField,
  useRecordContext,
} from 'react-admin';
import { sidesOf, type AssociationDefinition, type LinkSide } from 'src/definitions/associations';
import { columnOrder } from 'src/definitions/properties';
import type { ObjectDefinition } from 'src/definitions/types';
import { LinkedRecords } from './LinkedRecords';
import { PropertyField } from './PropertyField';
import { RecordPagination } from './RecordPagination';
import type { RecordReferences, ReferencesResolver } from './references';

/** How many of the other object's properties a related-records tab shows. */
const RELATED_COLUMNS = 4;

function RelatedTable({ other }: { other: ObjectDefinition | undefined }) {
  const properties = other
    ? columnOrder(other)
        .filter((p) => p.type !== 'long_text' && p.type !== 'json')
        .slice(0, RELATED_COLUMNS)
    : [];
  return (
    <DataTable rowClick="show" bulkActionButtons={false}>
      {properties.map((property) => (
        <DataTable.Col key={property.name} source={property.name} label={property.label}>
          {other ? <PropertyField property={property} definition={other} variant="list" /> : null}
        </DataTable.Col>
      ))}
    </DataTable>
  );
}

/** "Add deal" on a company's Deals tab: a new record with the link already filled in. */
function CreateRelatedButton({
  side,
  other,
}: {
  side: LinkSide;
  other: ObjectDefinition | undefined;
}) {
  const record = useRecordContext();
  const field = side.otherSide.referenceField;
  if (!record || !field || !other) {
    return null;
  }
  const source = encodeURIComponent(JSON.stringify({ [field]: record.id }));
  return (
    <Button
      component={Link}
      to={`/${side.otherObject}/create?source=${source}`}
      startIcon={<AddIcon />}
      size="small"
    >
      Add {other.labels.singular.toLowerCase()}
    </Button>
  );
}

function RelatedTab({
  side,
  other,
  objectName,
}: {
  side: LinkSide;
  other: ObjectDefinition | undefined;
  objectName: string;
}) {
  const target = side.otherSide.referenceField;
  return (
    <Box sx={{ width: '100%' }}>
      <Box sx={{ display: 'flex', justifyContent: 'flex-end' }}>
        <CreateRelatedButton side={side} other={other} />
      </Box>
      {target ? (
        <ReferenceManyField
          reference={side.otherObject}
          target={target}
          perPage={10}
          pagination={<RecordPagination rowsPerPageOptions={[10, 25]} />}
          sort={{ field: 'created_at', order: 'DESC' }}
          empty={
            <Typography variant="body2" color="text.secondary">
              No {side.label.toLowerCase()} yet.
            </Typography>
          }
        >
          <RelatedTable other={other} />
        </ReferenceManyField>
      ) : (
        <LinkedRecords side={side} other={other} objectName={objectName} />
      )}
    </Box>
  );
}

function referencesOf(
  definition: ObjectDefinition,
  sides: LinkSide[],
  byName: Map<string, ObjectDefinition>,
): RecordReferences {
  const known = sides.filter((side) => byName.has(side.otherObject));
  const toOne = known.filter((side) => side.referenceField);
  const toMany = known.filter((side) => !side.referenceField);
  return {
    inputs: toOne.map((side) => (
      <ReferenceInput
        key={side.name}
        source={side.referenceField ?? ''}
        reference={side.otherObject}
      >
        <AutocompleteInput label={side.label} helperText={false} />
      </ReferenceInput>
    )),
    fields: toOne.map((side) => (
      <Labeled key={side.name} label={side.label}>
        <ReferenceField
          source={side.referenceField ?? ''}
          reference={side.otherObject}
          link="show"
          emptyText=""
        />
      </Labeled>
    )),
    columns: toOne.map((side) => ({
      source: side.referenceField ?? '',
      label: side.label,
      field: (
        <ReferenceField
          source={side.referenceField ?? ''}
          reference={side.otherObject}
          link={false}
          emptyText=""
        />
      ),
    })),
    filters: toOne.map((side) => (
      <ReferenceInput
        key={side.name}
        source={side.referenceField ?? ''}
        reference={side.otherObject}
      >
        <AutocompleteInput label={side.label} />
      </ReferenceInput>
    )),
    tabs: toMany.map((side) => ({
      key: side.name,
      label: side.label,
      content: (
        <RelatedTab side={side} other={byName.get(side.otherObject)} objectName={definition.name} />
      ),
    })),
  };
}

/**
 * The references seam filled from the association definitions: to-one sides are reference
 * fields on the record (`company_id`), to-many sides are tabs of related records.
 */
export function associationReferences(
  definitions: ObjectDefinition[],
  associations: AssociationDefinition[],
): ReferencesResolver {
  const byName = new Map(definitions.map((d) => [d.name, d]));
  // Once per definition: the views get the same elements on every render.
  const resolved = new WeakMap<ObjectDefinition, RecordReferences>();
  return (definition) => {
    const known = resolved.get(definition);
    if (known) {
      return known;
    }
    const references = referencesOf(definition, sidesOf(definition.name, associations), byName);
    resolved.set(definition, references);
    return references;
  };
}
