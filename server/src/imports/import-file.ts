import { parse } from 'csv-parse';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';

/** One data row of the file: its number (1 = the first row after the header) and its cells. */
export interface CsvRow {
  rowNumber: number;
  cells: string[];
}

function tooLarge(maxBytes: number): AppError {
  const megabytes = Math.floor(maxBytes / (1024 * 1024));
  return new AppError(
    ErrorCode.PayloadTooLarge,
    `The file is larger than the import limit of ${megabytes} MB; split it into smaller files`,
  );
}

function notUtf8(offset: number): AppError {
  return new AppError(
    ErrorCode.ValidationFailed,
    `The file is not UTF-8 text (an invalid byte near byte ${offset}). Save it as "CSV UTF-8" and upload it again.`,
    { file: 'must be UTF-8 encoded' },
  );
}

/**
 * Streams an upload to `path`, never holding it whole in memory: refused (413) past `maxBytes`,
 * and (400) unless it is UTF-8 text. A refused file is removed. Returns its size in bytes.
 */
export async function saveUpload(
  source: Readable,
  path: string,
  maxBytes: number,
  declaredLength: number | undefined,
): Promise<number> {
  if (declaredLength !== undefined && declaredLength > maxBytes) {
    throw tooLarge(maxBytes);
  }
  await mkdir(dirnameOf(path), { recursive: true });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let size = 0;
  const check = async function* (chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of chunks) {
      if (size + chunk.length > maxBytes) {
        throw tooLarge(maxBytes);
      }
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        throw notUtf8(size);
      }
      size += chunk.length;
      yield chunk;
    }
    try {
      decoder.decode();
    } catch {
      throw notUtf8(size);
    }
  };
  try {
    await pipeline(source, check, createWriteStream(path));
  } catch (error) {
    await rm(path, { force: true });
    // The client may still be sending: let it go (the answer is sent, the rest is dropped).
    source.resume();
    throw error;
  }
  if (size === 0) {
    await rm(path, { force: true });
    throw new AppError(ErrorCode.ValidationFailed, 'The file is empty', { file: 'is empty' });
  }
  return size;
}

function dirnameOf(path: string): string {
  return path.slice(0, Math.max(path.lastIndexOf('/'), 0)) || '.';
}

/** A CSV the parser refuses (an unclosed quote…): one file-level message with the line. */
function malformed(error: unknown): AppError {
  const { message, lines } = error as { message?: string; lines?: number };
  return new AppError(
    ErrorCode.ValidationFailed,
    `The file is not valid CSV${lines ? ` (line ${lines})` : ''}: ${message ?? 'unreadable'}`,
    { file: 'is not valid CSV' },
  );
}

/** The header row, then every data row, streamed (rows of only empty cells are skipped). */
export async function* readCsv(path: string): AsyncGenerator<CsvRow | { header: string[] }> {
  const parser = createReadStream(path).pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true }),
  );
  let rowNumber = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (rowNumber === 0) {
        rowNumber = 1;
        yield { header: record.map((cell) => cell.trim()) };
        continue;
      }
      if (record.every((cell) => cell.trim() === '')) {
        continue;
      }
      yield { rowNumber: rowNumber++, cells: record };
    }
  } catch (error) {
    throw malformed(error);
  }
}

/** The header and the number of data rows: a first pass over the file at upload. */
export async function scanCsv(path: string): Promise<{ header: string[]; rows: number }> {
  let header: string[] | undefined;
  let rows = 0;
  for await (const item of readCsv(path)) {
    if ('header' in item) {
      header = item.header;
    } else {
      rows++;
    }
  }
  if (!header || header.every((name) => name === '')) {
    throw new AppError(ErrorCode.ValidationFailed, 'The file has no header row', {
      file: 'needs a header row naming its columns',
    });
  }
  const seen = new Set<string>();
  for (const name of header) {
    if (name !== '' && seen.has(name)) {
      throw new AppError(ErrorCode.ValidationFailed, `The header repeats the column "${name}"`, {
        file: `repeats the column "${name}"`,
      });
    }
    seen.add(name);
  }
  return { header, rows };
}
