import {
  Button,
  Checkbox,
  FormControlLabel,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
} from '@mui/material';
import { Fragment, useState } from 'react';
import { ANY_OBJECT, type PropertyAccess, type RecordAction, type Scope } from 'src/auth/types';
import type { ObjectDefinition } from 'src/definitions/types';
import { effectiveScopes, RECORD_ACTIONS, withPropertyAccess, type RoleDraft } from './roleDraft';

const SCOPE_LABELS: Record<Scope, string> = { all: 'All', own: 'Own', none: 'None' };
const ACCESS_LABELS = { visible: 'Visible', read_only: 'Read-only', hidden: 'Hidden' } as const;

function ScopeSelect({
  label,
  value,
  isDisabled,
  onChange,
}: {
  label: string;
  value: Scope;
  isDisabled: boolean;
  onChange: (scope: Scope) => void;
}) {
  return (
    <TextField
      select
      size="small"
      value={value}
      disabled={isDisabled}
      onChange={(event) => onChange(event.target.value as Scope)}
      slotProps={{ htmlInput: { 'aria-label': label } }}
      sx={{ minWidth: 90 }}
    >
      {(Object.keys(SCOPE_LABELS) as Scope[]).map((scope) => (
        <MenuItem key={scope} value={scope}>
          {SCOPE_LABELS[scope]}
        </MenuItem>
      ))}
    </TextField>
  );
}

function PropertyRows({
  definition,
  draft,
  isReadOnly,
  onChange,
}: {
  definition: ObjectDefinition;
  draft: RoleDraft;
  isReadOnly: boolean;
  onChange: (draft: RoleDraft) => void;
}) {
  return (
    <>
      {definition.properties.map((property) => {
        const access = draft.properties[definition.name]?.[property.name];
        return (
          <TableRow key={property.name}>
            <TableCell sx={{ pl: 6 }}>{property.label}</TableCell>
            <TableCell colSpan={5}>
              <TextField
                select
                size="small"
                value={access ?? 'visible'}
                disabled={isReadOnly}
                onChange={(event) => {
                  const chosen = event.target.value as PropertyAccess | 'visible';
                  onChange(
                    withPropertyAccess(
                      draft,
                      definition.name,
                      property.name,
                      chosen === 'visible' ? undefined : chosen,
                    ),
                  );
                }}
                slotProps={{
                  htmlInput: { 'aria-label': `${definition.labels.singular} ${property.label}` },
                }}
                sx={{ minWidth: 130 }}
              >
                {Object.entries(ACCESS_LABELS).map(([value, label]) => (
                  <MenuItem key={value} value={value}>
                    {label}
                  </MenuItem>
                ))}
              </TextField>
            </TableCell>
          </TableRow>
        );
      })}
    </>
  );
}

export interface RoleMatrixProps {
  draft: RoleDraft;
  definitions: ObjectDefinition[];
  isReadOnly?: boolean;
  onChange: (draft: RoleDraft) => void;
}

/**
 * Objects × actions, each cell a scope (all records, the member's own, none). The first row is the
 * default for every object that keeps "Default" ticked, and for objects created later.
 */
export function RoleMatrix({ draft, definitions, isReadOnly = false, onChange }: RoleMatrixProps) {
  const [open, setOpen] = useState<string | null>(null);
  const labelOf = (object: string) =>
    definitions.find((definition) => definition.name === object)?.labels.plural ?? object;
  const setDefault = (action: RecordAction, scope: Scope) =>
    onChange({ ...draft, defaults: { ...draft.defaults, [action]: scope } });
  const setCell = (object: string, action: RecordAction, scope: Scope) =>
    onChange({
      ...draft,
      objects: {
        ...draft.objects,
        [object]: { ...effectiveScopes(draft, object), [action]: scope },
      },
    });
  const setInherit = (object: string, inherits: boolean) =>
    onChange({
      ...draft,
      objects: { ...draft.objects, [object]: inherits ? null : { ...draft.defaults } },
    });
  return (
    <Table size="small" aria-label="Permissions by object">
      <TableHead>
        <TableRow>
          <TableCell>Object</TableCell>
          <TableCell>Default</TableCell>
          {RECORD_ACTIONS.map((action) => (
            <TableCell key={action} sx={{ textTransform: 'capitalize' }}>
              {action}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        <TableRow>
          <TableCell>
            <strong>Every object</strong> (and objects created later)
          </TableCell>
          <TableCell />
          {RECORD_ACTIONS.map((action) => (
            <TableCell key={action}>
              <ScopeSelect
                label={`${ANY_OBJECT} ${action}`}
                value={draft.defaults[action]}
                isDisabled={isReadOnly}
                onChange={(scope) => setDefault(action, scope)}
              />
            </TableCell>
          ))}
        </TableRow>
        {Object.keys(draft.objects).map((object) => {
          const inherits = draft.objects[object] === null;
          const scopes = effectiveScopes(draft, object);
          const definition = definitions.find((candidate) => candidate.name === object);
          return (
            <Fragment key={object}>
              <TableRow>
                <TableCell>
                  {labelOf(object)}
                  {definition && definition.properties.length > 0 ? (
                    <Button size="small" onClick={() => setOpen(open === object ? null : object)}>
                      {open === object ? 'Hide properties' : 'Properties'}
                    </Button>
                  ) : null}
                </TableCell>
                <TableCell>
                  <FormControlLabel
                    label=""
                    control={
                      <Checkbox
                        checked={inherits}
                        disabled={isReadOnly}
                        onChange={(event) => setInherit(object, event.target.checked)}
                        slotProps={{ input: { 'aria-label': `${labelOf(object)} as default` } }}
                      />
                    }
                  />
                </TableCell>
                {RECORD_ACTIONS.map((action) => (
                  <TableCell key={action}>
                    <ScopeSelect
                      label={`${object} ${action}`}
                      value={scopes[action]}
                      isDisabled={isReadOnly || inherits}
                      onChange={(scope) => setCell(object, action, scope)}
                    />
                  </TableCell>
                ))}
              </TableRow>
              {open === object && definition ? (
                <PropertyRows
                  definition={definition}
                  draft={draft}
                  isReadOnly={isReadOnly}
                  onChange={onChange}
                />
              ) : null}
            </Fragment>
          );
        })}
      </TableBody>
    </Table>
  );
}
