import AddIcon from '@mui/icons-material/Add';
import {
  Box,
  Button,
  Card,
  Chip,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  useMediaQuery,
  type Theme,
} from '@mui/material';
import { Link, Loading, Title, useNavigate } from 'react-admin';
import { useDefinitions } from 'src/definitions/useDefinitions';
import {
  groupEntries,
  groupKeyOf,
  NAVIGATION_GROUPS,
  toNavigationEntry,
} from 'src/layout/navigation';
import { ObjectIcon } from 'src/layout/objectIcons';

export const DATA_MODEL_PATH = '/settings/data-model';

/** Settings → Data model: every object, system and custom, and the way to add one. */
export function DataModelList() {
  const { data: definitions, isPending, error } = useDefinitions();
  const navigate = useNavigate();
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  if (isPending) {
    return <Loading />;
  }
  if (error || !definitions) {
    return (
      <Typography color="error">
        {error?.message ?? 'Cannot read the object definitions'}
      </Typography>
    );
  }
  const ordered = groupEntries(definitions.map(toNavigationEntry)).flatMap(
    (group) => group.entries,
  );
  const byName = new Map(definitions.map((d) => [d.name, d]));
  const groupLabel = (key: string) => NAVIGATION_GROUPS.find((g) => g.key === key)?.label ?? key;
  return (
    <Box sx={{ py: 2 }}>
      <Title title="Data model" />
      <Box
        sx={{
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          mb: 2,
          gap: 2,
        }}
      >
        <Typography variant="body2" color="text.secondary">
          Objects and their properties. Changes apply at once to the API and these screens.
        </Typography>
        <Button
          variant="contained"
          startIcon={<AddIcon />}
          component={Link}
          to={`${DATA_MODEL_PATH}/new`}
          sx={{ flexShrink: 0 }}
        >
          New object
        </Button>
      </Box>
      <Card variant="outlined">
        <Table size="small" aria-label="Objects">
          <TableHead>
            <TableRow>
              <TableCell>Object</TableCell>
              {isSmall ? null : <TableCell>API name</TableCell>}
              {isSmall ? null : <TableCell>Section</TableCell>}
              <TableCell align="right">Properties</TableCell>
              <TableCell>Kind</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {ordered.map((entry) => {
              const definition = byName.get(entry.name);
              if (!definition) {
                return null;
              }
              return (
                <TableRow
                  key={definition.name}
                  hover
                  sx={{ cursor: 'pointer' }}
                  onClick={() => navigate(`${DATA_MODEL_PATH}/${definition.name}`)}
                >
                  <TableCell>
                    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
                      <Box sx={{ color: definition.color ?? 'primary.main', display: 'flex' }}>
                        <ObjectIcon name={definition.icon} />
                      </Box>
                      <Link
                        to={`${DATA_MODEL_PATH}/${definition.name}`}
                        onClick={(event: React.MouseEvent) => event.stopPropagation()}
                      >
                        {definition.labels.plural}
                      </Link>
                    </Box>
                  </TableCell>
                  {isSmall ? null : (
                    <TableCell sx={{ fontFamily: 'monospace' }}>{definition.name}</TableCell>
                  )}
                  {isSmall ? null : <TableCell>{groupLabel(groupKeyOf(entry))}</TableCell>}
                  <TableCell align="right">{definition.properties.length}</TableCell>
                  <TableCell>
                    <Chip
                      size="small"
                      label={definition.is_system ? 'System' : 'Custom'}
                      color={definition.is_system ? 'default' : 'secondary'}
                      variant={definition.is_system ? 'outlined' : 'filled'}
                    />
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </Card>
    </Box>
  );
}
