import type { LRUCache } from 'lru-cache';

/**
 * The cached promise of `key`, else `load()`'s, stored before it settles so concurrent callers
 * share one load. A load that fails is not kept (a newer entry stays), so the next call tries again.
 */
export function cachedPromise<T>(
  cache: LRUCache<string, Promise<T>>,
  key: string,
  load: () => Promise<T>,
): Promise<T> {
  const cached = cache.get(key);
  if (cached) {
    return cached;
  }
  const loading = load();
  loading.catch(() => {
    if (cache.peek(key) === loading) {
      cache.delete(key);
    }
  });
  cache.set(key, loading);
  return loading;
}
