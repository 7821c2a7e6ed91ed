import {
  hiddenProperties,
  objectPermissions,
  type Permissions,
} from 'src/organizations/permissions';
import type { StoredEvent } from './event.types';

/**
 * An event as a role may see it (docs/architecture.md, "Access to records"): none when the role
 * may not read its object (or, for a link, the other end's object); the properties the role hides
 * removed from its data; an update that changed hidden properties only is not shown at all, so
 * the timeline does not even tell that they changed.
 */
export function visibleEvent<E extends StoredEvent>(
  permissions: Permissions,
  event: E,
): E | undefined {
  const object = event.object_name;
  if (object === null) {
    return event;
  }
  if (objectPermissions(permissions, object).read === 'none') {
    return undefined;
  }
  const other = event.data.other_object;
  if (typeof other === 'string' && objectPermissions(permissions, other).read === 'none') {
    return undefined;
  }
  const hidden = hiddenProperties(permissions, object);
  if (hidden.length === 0) {
    return event;
  }
  const data = { ...event.data };
  for (const key of ['properties', 'changes'] as const) {
    const value = data[key];
    if (typeof value === 'object' && value !== null) {
      data[key] = withoutKeys(value as Record<string, unknown>, hidden);
    }
  }
  if (typeof data.property === 'string' && hidden.includes(data.property)) {
    return undefined;
  }
  if (
    event.type === 'updated' &&
    Object.keys(data.changes as Record<string, unknown>).length === 0 &&
    Object.keys((event.data.changes as Record<string, unknown> | undefined) ?? {}).length > 0
  ) {
    return undefined;
  }
  return { ...event, data };
}

function withoutKeys(value: Record<string, unknown>, hidden: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([name]) => !hidden.includes(name)));
}
