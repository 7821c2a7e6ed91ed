/**
 * How deep arrays and objects may nest in a request body, a filter or a json property. JSON.parse
 * reads any depth, but the recursive code after it (validation, class-transformer, jsonb) runs
 * out of stack a few thousand levels down, which was a 500.
 */
export const MAX_JSON_DEPTH = 64;

/** Whether `value` nests arrays or objects more than `max` levels deep; never recursive itself. */
export function isNestedDeeperThan(value: unknown, max: number = MAX_JSON_DEPTH): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [current, depth] = next;
    if (typeof current !== 'object' || current === null) {
      continue;
    }
    if (depth + 1 > max) {
      return true;
    }
    for (const inner of Object.values(current)) {
      pending.push([inner, depth + 1]);
    }
  }
  return false;
}
