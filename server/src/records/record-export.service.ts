import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import type { RawListQuery } from 'src/common/http/list-query';
import type { RequestContext } from 'src/organizations/request-context';
import { scopeOf } from './record-access';
import { RecordExportRepository } from './record-export.repository';
import { exportHeader, exportLinesQuery } from './record-export.sql';
import { toRecordListQuery } from './record-list-query';
import { RecordsService, withVisibleSearch } from './records.service';

/** Lines read per cursor fetch: large enough to stream fast, small in memory. */
export const EXPORT_PAGE_SIZE = 5000;

/** Receives CSV text; resolves false when the reader has gone (the export stops). */
export type CsvSink = (chunk: string) => Promise<boolean>;

export interface CsvExport {
  /** `deal.csv` */
  fileName: string;
  /** Writes the header and every row to the sink, page by page. */
  writeTo(sink: CsvSink): Promise<void>;
}

/**
 * `GET /api/objects/{object}/export.csv`: every record a list with the same filter and sort would
 * show, streamed (README "Import and export"). It reads as the list reads (RecordsService's read
 * scope: hidden properties absent, a read scope `own` narrowed to the member's records).
 */
@Injectable()
export class RecordExportService {
  constructor(
    private readonly records: RecordsService,
    private readonly repository: RecordExportRepository,
  ) {}

  /** Checks the request (errors before the first byte are the usual error body). */
  async exportRecords(
    context: RequestContext,
    objectName: string,
    raw: RawListQuery,
  ): Promise<CsvExport> {
    const { definition, scope } = await this.records.readable(context, objectName);
    const linkContext = await this.records.linkContext(
      context,
      objectName,
      Object.keys(raw.filter),
    );
    const query = withVisibleSearch(
      context,
      definition,
      toRecordListQuery({ ...raw, range: undefined }, definition, linkContext),
    );
    const columns = {
      properties: definition.properties,
      references: linkContext.sides.filter(
        (side) => side.referenceField && scopeOf(context, side.otherObject, 'read') !== 'none',
      ),
    };
    // PostgreSQL writes each line (record-export.sql.ts): the server only passes pages on.
    const sql = exportLinesQuery(scope, query, columns);
    return {
      fileName: `${definition.name}.csv`,
      writeTo: async (sink) => {
        if (!(await sink(stringify([exportHeader(columns)])))) {
          return;
        }
        await this.repository.forEachPage<{ line: string }>(sql, EXPORT_PAGE_SIZE, (rows) => {
          let page = '';
          for (const row of rows) {
            page += `${row.line}\n`;
          }
          return sink(page);
        });
      },
    };
  }
}
