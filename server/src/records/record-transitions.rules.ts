import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import type { PropertyDefinition } from 'src/object-definitions/definition.types';
import {
  allowedNext,
  type ResolvedMachine,
  resolveMachine,
  statusProperties,
} from 'src/object-definitions/status-transitions';

/** The status properties of each cached definition, found once (no work per write beyond the check). */
const STATUS_PROPERTIES = new WeakMap<CompiledDefinition, PropertyDefinition[]>();

function statusPropertiesOf(definition: CompiledDefinition): PropertyDefinition[] {
  let found = STATUS_PROPERTIES.get(definition);
  if (!found) {
    found = statusProperties(definition);
    STATUS_PROPERTIES.set(definition, found);
  }
  return found;
}

/** The names of the definition's status properties (with transitions or pipelines). */
export function statusPropertyNames(definition: CompiledDefinition): string[] {
  return statusPropertiesOf(definition).map((property) => property.name);
}

/** Whether a definition has any state machine (the rules stage skips the rest when not). */
export function hasTransitions(definition: CompiledDefinition): boolean {
  return statusPropertiesOf(definition).length > 0;
}

function bodyHas(body: unknown, name: string): boolean {
  return typeof body === 'object' && body !== null && Object.hasOwn(body, name);
}

/** Who writes, and when: the role for overrides, trust for read-only stamps, the time stamped. */
export interface TransitionActor {
  role: string;
  isTrusted: boolean;
  now: Date;
}

function refuse(
  definition: CompiledDefinition,
  machine: ResolvedMachine,
  current: string | undefined,
  requested: string,
  allowed: string[],
  reason?: string,
): never {
  const where = machine.pipeline !== null ? ` (pipeline ${machine.pipeline})` : '';
  const from =
    current === undefined ? 'a new record cannot start in' : `cannot move from ${current} to`;
  const why =
    reason ??
    `allowed ${current === undefined ? 'initial states' : 'next states'}: ${allowed.join(', ') || '(none)'}`;
  const message = `${definition.name} ${machine.property}${where}: ${from} ${requested}; ${why}`;
  throw new AppError(
    ErrorCode.TransitionNotAllowed,
    message,
    { [machine.property]: why },
    {
      property: machine.property,
      pipeline: machine.pipeline,
      current: current ?? null,
      requested,
      allowed,
    },
  );
}

/**
 * Entering `state`: each property it requires must have a value (400 naming them), and the
 * properties it stamps take the current time unless the body sets them itself.
 */
function enter(
  definition: CompiledDefinition,
  machine: ResolvedMachine,
  state: string,
  body: unknown,
  records: Array<Record<string, unknown>>,
  actor: TransitionActor,
): void {
  const rules = machine.transitions?.on_enter?.[state];
  if (!rules) {
    return;
  }
  const [record] = records;
  const missing = (rules.required ?? []).filter(
    (name) => record?.[name] === undefined || record[name] === null || record[name] === '',
  );
  if (missing.length > 0) {
    const rule = `is required when ${machine.property} is ${state}`;
    throw new AppError(
      ErrorCode.ValidationFailed,
      `${definition.name} is invalid: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} required when ${machine.property} is ${state}`,
      Object.fromEntries(missing.map((name) => [name, rule])),
    );
  }
  const now = actor.now;
  for (const name of rules.stamp ?? []) {
    const stamped = definition.propertyByName.get(name);
    // A value the write sets itself stays (an import's history), unless the property is read-only.
    if (bodyHas(body, name) && (!stamped?.read_only || actor.isTrusted)) {
      continue;
    }
    const value = stamped?.type === 'date' ? now.toISOString().slice(0, 10) : now.toISOString();
    records.forEach((target) => (target[name] = value));
  }
}

/** The stage a record in a pipeline takes when none is given and its value is not one of it. */
function mapped(machine: ResolvedMachine, value: unknown): string | undefined {
  const isStage = machine.stages.some((stage) => stage.value === value);
  return isStage ? undefined : machine.transitions?.initial[0];
}

function assertEnterable(
  definition: CompiledDefinition,
  machine: ResolvedMachine,
  current: string | undefined,
  requested: string,
): void {
  const stage = machine.stages.find((s) => s.value === requested);
  const stages = machine.stages.filter((s) => !s.retired).map((s) => s.value);
  if (!stage) {
    refuse(
      definition,
      machine,
      current,
      requested,
      stages,
      `${requested} is not a stage of this pipeline (${stages.join(', ')})`,
    );
  }
  if (stage.retired) {
    refuse(
      definition,
      machine,
      current,
      requested,
      stages,
      `${requested} is retired: no record may enter it`,
    );
  }
}

/** A new record starts in an initial state of its machine (or one its role may start in). */
export function applyCreateTransitions(
  definition: CompiledDefinition,
  actor: TransitionActor,
  body: unknown,
  properties: Record<string, unknown>,
): void {
  for (const property of statusPropertiesOf(definition)) {
    const machine = resolveMachine(property, properties);
    const { transitions } = machine;
    if (!transitions) {
      continue;
    }
    if (machine.pipeline !== null && !bodyHas(body, property.name)) {
      const start = mapped(machine, properties[property.name]);
      if (start !== undefined) {
        properties[property.name] = start;
      }
    }
    const value = properties[property.name];
    if (typeof value !== 'string') {
      continue;
    }
    assertEnterable(definition, machine, undefined, value);
    const allowed = allowedNext(transitions, undefined, actor.role);
    if (!allowed.includes(value)) {
      refuse(definition, machine, undefined, value, allowed);
    }
    enter(definition, machine, value, body, [properties], actor);
  }
}

/**
 * A changed state must be an allowed move from the stored one (or one the role may override); a
 * changed pipeline keeps the stage if the new pipeline has it, else maps it to the new one's
 * first initial stage unless the body names one of its stages.
 */
export function applyUpdateTransitions(
  definition: CompiledDefinition,
  actor: TransitionActor,
  body: unknown,
  stored: Record<string, unknown>,
  records: { merged: Record<string, unknown>; visible: Record<string, unknown> },
): void {
  for (const property of statusPropertiesOf(definition)) {
    const selector = property.pipelines?.property;
    const isPipelineChange =
      selector !== undefined && stored[selector] !== records.merged[selector];
    const machine = resolveMachine(property, records.merged);
    const { transitions } = machine;
    if (!transitions) {
      continue;
    }
    if (isPipelineChange && !bodyHas(body, property.name)) {
      const start = mapped(machine, records.merged[property.name]);
      if (start !== undefined) {
        records.merged[property.name] = start;
        records.visible[property.name] = start;
      }
    }
    const before = stored[property.name];
    const after = records.merged[property.name];
    const current = typeof before === 'string' ? before : undefined;
    if (typeof after !== 'string' || (after === current && !isPipelineChange)) {
      continue;
    }
    assertEnterable(definition, machine, current, after);
    if (!isPipelineChange) {
      const allowed = allowedNext(transitions, current, actor.role);
      if (!allowed.includes(after)) {
        refuse(definition, machine, current, after, allowed);
      }
    }
    if (after !== current) {
      enter(definition, machine, after, body, [records.visible, records.merged], actor);
    }
  }
}
