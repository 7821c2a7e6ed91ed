import type { DataSource, EntityManager } from 'typeorm';

declare const TX_BRAND: unique symbol;

/** An open transaction, opaque outside `database/` and repositories (STYLE.md §4). */
export type Tx = { readonly [TX_BRAND]: true };

export function managerOf(tx: Tx): EntityManager {
  return tx as unknown as EntityManager;
}

export type RunInTransaction = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;

/** The only way to span several repository calls: one transaction, committed or rolled back whole. */
export function transactionRunner(dataSource: DataSource): RunInTransaction {
  return <T>(work: (tx: Tx) => Promise<T>) =>
    dataSource.transaction((manager) => work(manager as unknown as Tx));
}
