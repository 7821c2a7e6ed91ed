import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';

/** A position in the change feed: the last event read, in commit order `(tx_id, id)`. */
export interface FeedPosition {
  txId: string;
  id: string;
}

const POSITION = /^(\d{1,20}):(\d{1,20})$/;

/** The opaque cursor of a feed position: base64url of `tx_id:id`. */
export function encodeFeedCursor(position: FeedPosition): string {
  return Buffer.from(`${position.txId}:${position.id}`).toString('base64url');
}

/** The position a cursor names; a cursor this server did not make is a 400. */
export function decodeFeedCursor(cursor: string): FeedPosition {
  const match = POSITION.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match?.[1] || !match[2]) {
    throw new AppError(ErrorCode.BadRequest, 'after is not a cursor of the change feed', {
      after: 'must be the next cursor of an earlier page',
    });
  }
  return { txId: match[1], id: match[2] };
}

/** A timeline page's cursor: base64url of the last event's id (newest first, so older ones follow). */
export function encodeTimelineCursor(id: string): string {
  return Buffer.from(`t:${id}`).toString('base64url');
}

export function decodeTimelineCursor(cursor: string): string {
  const match = /^t:(\d{1,20})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match?.[1]) {
    throw new AppError(ErrorCode.BadRequest, 'cursor is not a cursor of this timeline', {
      cursor: 'must be the next cursor of an earlier page',
    });
  }
  return match[1];
}
