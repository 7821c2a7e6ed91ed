import { isTransactionRetryable } from 'src/common/errors/database-errors';
import type { DataSource, EntityManager } from 'typeorm';

declare const TX_BRAND: unique symbol;

/** An open transaction, opaque outside `database/` and repositories (docs/architecture.md). */
export type Tx = { readonly [TX_BRAND]: true };

export function managerOf(tx: Tx): EntityManager {
  return tx as unknown as EntityManager;
}

export type RunInTransaction = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;

/**
 * The only way to span several repository calls: one transaction, committed or rolled back whole.
 * A transaction PostgreSQL broke off as a deadlock victim (or a serialization failure) runs once
 * more from the start: the other party has gone on by then, so two batches that lock the same
 * records in opposite orders both succeed. `work` must keep its effects inside `tx`.
 */
export function transactionRunner(dataSource: DataSource): RunInTransaction {
  const once = <T>(work: (tx: Tx) => Promise<T>) =>
    dataSource.transaction((manager) => work(manager as unknown as Tx));
  return async <T>(work: (tx: Tx) => Promise<T>) => {
    try {
      return await once(work);
    } catch (error) {
      if (!isTransactionRetryable(error)) {
        throw error;
      }
      return once(work);
    }
  };
}
