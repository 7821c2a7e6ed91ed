/** Injection tokens of the database module. */
export const RUN_IN_TRANSACTION = Symbol('RUN_IN_TRANSACTION');
export const APP_CONFIG = Symbol('APP_CONFIG');
/** The DataSource of list, search and export reads: the read replica's, else the primary. */
export const READ_DATA_SOURCE = Symbol('READ_DATA_SOURCE');
