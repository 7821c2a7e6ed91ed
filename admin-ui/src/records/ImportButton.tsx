import UploadIcon from '@mui/icons-material/Upload';
import { Button, useResourceContext } from 'react-admin';
import { Link } from 'react-router-dom';
import { IMPORT_PATH } from 'src/imports/ImportWizard';

/** Opens the CSV import wizard of the list's object. */
export function ImportButton() {
  const resource = useResourceContext();
  return (
    <Button component={Link} to={`${IMPORT_PATH}/${resource ?? ''}`} label="Import">
      <UploadIcon />
    </Button>
  );
}
