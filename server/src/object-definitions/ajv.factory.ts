// The set-up lives in common/ because the admin UI compiles it too (one contract for both sides).
export { createAjv } from 'src/common/ajv';
