import type Ajv2020 from 'ajv/dist/2020';
import { createAjv as createSharedAjv } from 'src/common/ajv';
import { linearRegExp } from './linear-regexp';

/**
 * The server's AJV: the set-up shared with the admin UI (common/ajv.ts, one contract for both
 * sides) with patterns matched by RE2, because patterns come from any admin's definitions and one
 * of them must not be able to stall the event loop every organization shares. The admin UI keeps
 * the browser's RegExp: a pathological pattern there only slows that user's own tab.
 */
export function createAjv(): Ajv2020 {
  return createSharedAjv({ code: { regExp: linearRegExp } });
}
