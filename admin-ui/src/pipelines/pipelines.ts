import { sortedOptions } from 'src/definitions/properties';
import type { ObjectDefinition, PropertyDefinition } from 'src/definitions/types';

/** The pipeline name of an object whose status property has transitions but no pipelines. */
export const DEFAULT_PIPELINE = 'default';

type Transitions = NonNullable<PropertyDefinition['transitions']>;

export interface BoardStage {
  value: string;
  label: string;
  probability?: number;
  retired?: boolean;
}

/** The status property a board and a pipeline chart show: transitions or pipelines on an enumeration. */
export function boardProperty(definition: ObjectDefinition): PropertyDefinition | undefined {
  const candidates = definition.properties.filter(
    (p) => p.type === 'enumeration' && (p.transitions !== undefined || p.pipelines !== undefined),
  );
  return candidates.find((p) => p.pipelines !== undefined) ?? candidates[0];
}

/** Whether the object has a board (and a pipeline chart). */
export function hasPipeline(definition: ObjectDefinition): boolean {
  return boardProperty(definition) !== undefined;
}

/** The pipelines one can pick: the selector's options, or the one default pipeline. */
export function pipelineChoices(
  definition: ObjectDefinition,
  property: PropertyDefinition,
): Array<{ value: string; label: string }> {
  const selector = property.pipelines
    ? definition.properties.find((p) => p.name === property.pipelines?.property)
    : undefined;
  if (!selector) {
    return [{ value: DEFAULT_PIPELINE, label: definition.labels.plural }];
  }
  return sortedOptions(selector).map((o) => ({ value: o.value, label: o.label }));
}

/** The machine of one pipeline: its ordered stages and transitions (the property's unless its own). */
export function pipelineMachine(
  property: PropertyDefinition,
  pipeline: string,
): { stages: BoardStage[]; transitions: Transitions | undefined } {
  const options = sortedOptions(property);
  const labelOf = (value: string) => options.find((o) => o.value === value)?.label ?? value;
  const item = property.pipelines?.items.find((p) => p.name === pipeline);
  if (item) {
    return {
      stages: item.stages.map((s) => ({ ...s, label: s.label ?? labelOf(s.value) })),
      transitions: item.transitions ?? property.transitions,
    };
  }
  return {
    stages: options.map((o) => ({ value: o.value, label: o.label })),
    transitions: property.transitions,
  };
}

/** The filter of the records of one pipeline (none for the default one). */
export function pipelineFilter(
  property: PropertyDefinition,
  pipeline: string,
): Record<string, string> {
  return property.pipelines && pipeline !== DEFAULT_PIPELINE
    ? { [property.pipelines.property]: pipeline }
    : {};
}

/** Whether a move is allowed for the role (the server decides; this only marks the drop targets). */
export function canMove(
  transitions: Transitions | undefined,
  from: string,
  to: string,
  role: string | undefined,
): boolean {
  if (!transitions || from === to) {
    return from !== to;
  }
  if ((transitions.moves[from] ?? []).includes(to)) {
    return true;
  }
  return (transitions.overrides ?? []).some(
    (o) =>
      (o.from.includes(from) || o.from.includes('*')) &&
      o.to.includes(to) &&
      role !== undefined &&
      o.roles.includes(role),
  );
}

/** The properties entering `state` requires that the record lacks: the move asks for them first. */
export function missingOnEntry(
  transitions: Transitions | undefined,
  state: string,
  record: Record<string, unknown>,
): string[] {
  const required = transitions?.on_enter?.[state]?.required ?? [];
  return required.filter(
    (name) => record[name] === undefined || record[name] === null || record[name] === '',
  );
}

/** The stamps of a record as its stage history: each state and when it was entered, oldest first. */
export function stampedHistory(
  definition: ObjectDefinition,
  property: PropertyDefinition,
  record: Record<string, unknown>,
): Array<{ state: string; label: string; at: string; property: string }> {
  const machines = [
    property.transitions,
    ...(property.pipelines?.items ?? []).map((p) => p.transitions),
  ];
  const seen = new Set<string>();
  const entries: Array<{ state: string; label: string; at: string; property: string }> = [];
  const options = sortedOptions(property);
  for (const transitions of machines) {
    for (const [state, rules] of Object.entries(transitions?.on_enter ?? {})) {
      for (const stamp of rules.stamp ?? []) {
        const at = record[stamp];
        const stampProperty = definition.properties.find((p) => p.name === stamp);
        // A property every state stamps (stage_entered_at) says only when the current one began.
        const isPerState =
          Object.values(transitions?.on_enter ?? {}).filter((r) => r.stamp?.includes(stamp))
            .length === 1;
        const current = record[property.name];
        const state_ = isPerState || typeof current !== 'string' ? state : current;
        const key = `${state_}:${stamp}`;
        if (typeof at === 'string' && stampProperty && !seen.has(key)) {
          seen.add(key);
          entries.push({
            state: state_,
            label: options.find((o) => o.value === state_)?.label ?? state_,
            at,
            property: stampProperty.label,
          });
        }
      }
    }
  }
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}
