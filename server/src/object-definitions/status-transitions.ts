import type {
  ObjectDefinitionInput,
  PipelineDefinition,
  PipelineStage,
  PropertyDefinition,
  TransitionsDefinition,
} from './definition.types';

/** A state machine as one record meets it: its pipeline (if any), ordered stages and transitions. */
export interface ResolvedMachine {
  property: string;
  /** The pipeline the record is in; null when the property's own transitions apply. */
  pipeline: string | null;
  stages: PipelineStage[];
  transitions: TransitionsDefinition | undefined;
}

/** `from` in an override: any state, and a new record too. */
export const ANY_STATE = '*';

/** The enumeration properties of a definition that carry transitions or pipelines. */
export function statusProperties(definition: {
  properties: PropertyDefinition[];
}): PropertyDefinition[] {
  return definition.properties.filter(
    (p) => p.type === 'enumeration' && (p.transitions !== undefined || p.pipelines !== undefined),
  );
}

/** The options of an enumeration in display order (by `order`, then as listed). */
export function orderedOptions(property: PropertyDefinition): PipelineStage[] {
  return (property.options ?? [])
    .map((option, index) => ({ option, index }))
    .sort((a, b) => (a.option.order ?? a.index) - (b.option.order ?? b.index) || a.index - b.index)
    .map(({ option }) => ({ value: option.value, label: option.label }));
}

/** The pipeline named `name` of a status property, if it defines one. */
export function pipelineOf(
  property: PropertyDefinition,
  name: unknown,
): PipelineDefinition | undefined {
  return typeof name === 'string'
    ? property.pipelines?.items.find((item) => item.name === name)
    : undefined;
}

/**
 * The machine that applies to a record: the pipeline its selector property names, else the
 * property's own transitions over all of its options.
 */
export function resolveMachine(
  property: PropertyDefinition,
  record: Record<string, unknown>,
): ResolvedMachine {
  const selector = property.pipelines?.property;
  const pipelineName = selector !== undefined ? record[selector] : undefined;
  const pipeline = pipelineOf(property, pipelineName);
  if (pipeline) {
    return {
      property: property.name,
      pipeline: pipeline.name,
      stages: pipeline.stages.map((stage) => ({
        ...stage,
        label: stage.label ?? property.options?.find((o) => o.value === stage.value)?.label,
      })),
      transitions: pipeline.transitions ?? property.transitions,
    };
  }
  return {
    property: property.name,
    pipeline: typeof pipelineName === 'string' ? pipelineName : null,
    stages: orderedOptions(property),
    transitions: property.transitions,
  };
}

/** The states `from` may move to: its moves, plus the overrides the role may use. */
export function allowedNext(
  transitions: TransitionsDefinition,
  from: string | undefined,
  role: string,
): string[] {
  const next = new Set(from === undefined ? transitions.initial : (transitions.moves[from] ?? []));
  for (const override of transitions.overrides ?? []) {
    const isFrom =
      override.from.includes(ANY_STATE) || (from !== undefined && override.from.includes(from));
    if (isFrom && override.roles.includes(role)) {
      override.to.forEach((state) => next.add(state));
    }
  }
  return [...next];
}

/** A plain list of the moves an object's status property allows, for people and OpenAPI. */
export function describeTransitions(transitions: TransitionsDefinition): string {
  return Object.entries(transitions.moves)
    .filter(([, to]) => to.length > 0)
    .map(([from, to]) => `${from} → ${to.join(' | ')}`)
    .join('; ');
}

interface Problem {
  path: string;
  message: string;
}

/**
 * What JSON Schema cannot say about transitions and pipelines: every state an option of the
 * property, every named property one of the definition's, stamps on date/datetime properties,
 * closed states without moves out, pipelines named after options of their selector.
 */
export function transitionProblems(definition: ObjectDefinitionInput): Problem[] {
  const problems: Problem[] = [];
  for (const property of statusProperties(definition)) {
    const at = `properties.${property.name}`;
    const options = new Set((property.options ?? []).map((o) => o.value));
    if (property.transitions) {
      checkTransitions(
        definition,
        property,
        property.transitions,
        options,
        `${at}.transitions`,
        problems,
      );
      if (
        typeof property.default === 'string' &&
        !property.transitions.initial.includes(property.default) &&
        !property.pipelines
      ) {
        problems.push({
          path: `${at}.default`,
          message: `"${property.default}" is not an initial state (${property.transitions.initial.join(', ')})`,
        });
      }
    }
    if (property.pipelines) {
      checkPipelines(definition, property, options, `${at}.pipelines`, problems);
    }
  }
  return problems;
}

function checkPipelines(
  definition: ObjectDefinitionInput,
  property: PropertyDefinition,
  options: Set<string>,
  at: string,
  problems: Problem[],
): void {
  const pipelines = property.pipelines;
  if (!pipelines) {
    return;
  }
  const selector = definition.properties.find((p) => p.name === pipelines.property);
  if (!selector || selector.type !== 'enumeration' || selector.name === property.name) {
    problems.push({
      path: `${at}.property`,
      message: `"${pipelines.property}" is not another enumeration property of ${definition.name}`,
    });
  }
  const names = new Set<string>();
  for (const pipeline of pipelines.items) {
    const here = `${at}.${pipeline.name}`;
    if (names.has(pipeline.name)) {
      problems.push({ path: here, message: `pipeline "${pipeline.name}" appears twice` });
    }
    names.add(pipeline.name);
    if (selector?.options && !selector.options.some((o) => o.value === pipeline.name)) {
      problems.push({
        path: `${here}.name`,
        message: `"${pipeline.name}" is not an option of ${selector.name}`,
      });
    }
    const stages = new Set<string>();
    for (const stage of pipeline.stages) {
      if (!options.has(stage.value)) {
        problems.push({
          path: `${here}.stages.${stage.value}`,
          message: `"${stage.value}" is not an option of ${property.name}`,
        });
      }
      if (stages.has(stage.value)) {
        problems.push({ path: `${here}.stages.${stage.value}`, message: 'appears twice' });
      }
      stages.add(stage.value);
    }
    const transitions = pipeline.transitions ?? property.transitions;
    if (!transitions) {
      problems.push({
        path: `${here}.transitions`,
        message: `is required: ${property.name} has no transitions of its own`,
      });
    } else if (pipeline.transitions) {
      checkTransitions(
        definition,
        property,
        pipeline.transitions,
        stages,
        `${here}.transitions`,
        problems,
      );
    }
  }
}

function checkTransitions(
  definition: ObjectDefinitionInput,
  property: PropertyDefinition,
  transitions: TransitionsDefinition,
  states: Set<string>,
  at: string,
  problems: Problem[],
): void {
  const unknown = (path: string, values: string[], allowAny = false): void => {
    const bad = values.filter((v) => !states.has(v) && !(allowAny && v === ANY_STATE));
    if (bad.length > 0) {
      problems.push({
        path,
        message: `${bad.map((v) => `"${v}"`).join(', ')} ${bad.length === 1 ? 'is not a state' : 'are not states'} of ${property.name} (${[...states].join(', ')})`,
      });
    }
  };
  unknown(`${at}.initial`, transitions.initial);
  unknown(`${at}.closed`, transitions.closed ?? []);
  for (const [from, to] of Object.entries(transitions.moves)) {
    unknown(`${at}.moves`, [from]);
    unknown(`${at}.moves.${from}`, to);
    if ((transitions.closed ?? []).includes(from) && to.length > 0) {
      problems.push({
        path: `${at}.moves.${from}`,
        message: `${from} is a closed state: no moves out of it (use overrides for the roles that may reopen)`,
      });
    }
  }
  for (const [state, rules] of Object.entries(transitions.on_enter ?? {})) {
    unknown(`${at}.on_enter`, [state]);
    for (const name of rules.required ?? []) {
      if (!definition.properties.some((p) => p.name === name)) {
        problems.push({
          path: `${at}.on_enter.${state}.required`,
          message: `"${name}" is not a property of ${definition.name}`,
        });
      }
    }
    for (const name of rules.stamp ?? []) {
      const stamped = definition.properties.find((p) => p.name === name);
      if (!stamped || (stamped.type !== 'datetime' && stamped.type !== 'date')) {
        problems.push({
          path: `${at}.on_enter.${state}.stamp`,
          message: `"${name}" is not a date or datetime property of ${definition.name}`,
        });
      }
    }
  }
  (transitions.overrides ?? []).forEach((override, index) => {
    unknown(`${at}.overrides.${index}.from`, override.from, true);
    unknown(`${at}.overrides.${index}.to`, override.to);
  });
}

/**
 * The shortest way from an initial state to `target` by allowed moves (no overrides): the states
 * a record passes through, the first initial, the last `target`; undefined when unreachable.
 */
export function pathTo(transitions: TransitionsDefinition, target: string): string[] | undefined {
  const previous = new Map<string, string | null>(transitions.initial.map((s) => [s, null]));
  const queue = [...transitions.initial];
  for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
    if (state === target) {
      const path = [state];
      for (let back = previous.get(state); back; back = previous.get(back)) {
        path.unshift(back);
      }
      return path;
    }
    for (const next of transitions.moves[state] ?? []) {
      if (!previous.has(next)) {
        previous.set(next, state);
        queue.push(next);
      }
    }
  }
  return undefined;
}

/** Every property some state of the machine stamps on entry. */
export function stampedProperties(transitions: TransitionsDefinition): string[] {
  return [
    ...new Set(Object.values(transitions.on_enter ?? {}).flatMap((rules) => rules.stamp ?? [])),
  ];
}

/** Stages a record could be in before a change and can no longer enter after it, per pipeline. */
export interface RetiredStages {
  /** null: the property's own machine, over every record. */
  pipeline: string | null;
  stages: string[];
}

/**
 * The stages a change of a status property retires or removes: for each pipeline of `before`,
 * the live stages that `after` retires, drops, or loses with the whole pipeline.
 */
export function retiredStages(
  before: PropertyDefinition,
  after: PropertyDefinition,
): RetiredStages[] {
  const result: RetiredStages[] = [];
  for (const pipeline of before.pipelines?.items ?? []) {
    const next = after.pipelines?.items.find((item) => item.name === pipeline.name);
    const live = pipeline.stages.filter((stage) => !stage.retired).map((stage) => stage.value);
    const stages = live.filter((value) => {
      const stage = next?.stages.find((s) => s.value === value);
      return !stage || stage.retired === true;
    });
    if (stages.length > 0) {
      result.push({ pipeline: pipeline.name, stages });
    }
  }
  return result;
}
