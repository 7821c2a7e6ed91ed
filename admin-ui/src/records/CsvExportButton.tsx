import DownloadIcon from '@mui/icons-material/GetApp';
import { useState } from 'react';
import { Button, type RaRecord, useDataProvider, useListContext, useNotify } from 'react-admin';
import type { RecordsDataProvider } from 'src/dataProvider';

/** Saves a file the browser holds (a Blob) under a name. */
export function saveFile(file: Blob, fileName: string): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * Export of the whole list (its filter and sort) as CSV: one streamed request to the server,
 * whatever the number of records (react-admin's own ExportButton reads pages of at most 1,000).
 */
export function CsvExportButton() {
  const list = useListContext<RaRecord>();
  const { resource, sort, total } = list;
  const filter = list.filterValues as Record<string, unknown>;
  const dataProvider = useDataProvider<RecordsDataProvider>();
  const notify = useNotify();
  const [isBusy, setBusy] = useState(false);
  const onClick = async () => {
    setBusy(true);
    try {
      const file = await dataProvider.exportCsv(resource, {
        filter,
        sort,
      });
      saveFile(file, `${resource}.csv`);
    } catch (error) {
      notify(error instanceof Error ? error.message : 'Export failed', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      label="ra.action.export"
      onClick={() => void onClick()}
      disabled={isBusy || total === 0}
    >
      <DownloadIcon />
    </Button>
  );
}
