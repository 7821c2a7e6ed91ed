/** Injection tokens of the database module. */
export const RUN_IN_TRANSACTION = Symbol('RUN_IN_TRANSACTION');
export const APP_CONFIG = Symbol('APP_CONFIG');
