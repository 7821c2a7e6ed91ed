import { Box } from '@mui/material';
import type { ReactNode } from 'react';
import { Loading, SaveButton, SimpleForm, Toolbar, type RaRecord } from 'react-admin';
import type { ObjectDefinition, PropertyDefinition } from 'src/definitions/types';
import { useObjectSchema } from 'src/definitions/useDefinitions';
import { PropertyInput } from './PropertyInput';
import { RecycleDeleteButton } from './RecycleDeleteButtons';

/** Texts and JSON take a whole row; everything else shares it two by two on wide screens. */
export const isWide = (property: PropertyDefinition) =>
  property.type === 'long_text' || property.type === 'json';

function FormToolbar({ canDelete }: { canDelete: boolean }) {
  return (
    <Toolbar sx={{ justifyContent: 'space-between' }}>
      <SaveButton />
      {canDelete ? <RecycleDeleteButton /> : null}
    </Toolbar>
  );
}

export interface RecordFormProps {
  definition: ObjectDefinition;
  defaultValues?: Partial<RaRecord>;
  canDelete?: boolean;
  /** To-one reference inputs (references seam). */
  extraInputs?: ReactNode[];
}

/** The create and edit form of any object: one input per property, validators from the schema. */
export function RecordForm({
  definition,
  defaultValues,
  canDelete = false,
  extraInputs = [],
}: RecordFormProps) {
  const { data: schema, isPending } = useObjectSchema(definition);
  if (isPending) {
    return <Loading />;
  }
  return (
    <SimpleForm
      defaultValues={defaultValues}
      // A record loaded again (Reload after a 412, a refetch) updates the fields the user has not
      // touched and keeps the ones they edited, so no edit is lost.
      resetOptions={{ keepDirtyValues: true }}
      toolbar={<FormToolbar canDelete={canDelete} />}
      warnWhenUnsavedChanges
    >
      <Box
        sx={{
          display: 'grid',
          width: '100%',
          columnGap: 2,
          gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' },
        }}
      >
        {definition.properties
          .filter((p) => !isWide(p))
          .map((property) => (
            <Box key={property.name} sx={{ minWidth: 0 }}>
              <PropertyInput property={property} definition={definition} schema={schema} />
            </Box>
          ))}
        {extraInputs}
        {definition.properties.filter(isWide).map((property) => (
          <Box key={property.name} sx={{ gridColumn: '1 / -1', minWidth: 0 }}>
            <PropertyInput property={property} definition={definition} schema={schema} />
          </Box>
        ))}
      </Box>
    </SimpleForm>
  );
}
