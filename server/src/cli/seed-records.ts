import type { INestApplicationContext } from '@nestjs/common';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from 'src/config/project-root';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import {
  pathTo,
  resolveMachine,
  stampedProperties,
  statusProperties,
} from 'src/object-definitions/status-transitions';
import type { RequestContext } from 'src/organizations/request-context';
import { RecordsService } from 'src/records/records.service';

interface SeedRecord {
  id: string;
  [property: string]: unknown;
}

export interface SeedCount {
  object: string;
  created: number;
  kept: number;
}

export function seedsDir(): string {
  return join(projectRoot(), 'seeds');
}

/**
 * Loads seeds/<object>.json through the record service (validation and every rule apply).
 * Idempotent: a record whose id exists is left as it is. A record shown in a later state is
 * created in an initial one and moved along the shortest allowed path (README "Pipelines"),
 * keeping the seed's own timestamps where a state would stamp one.
 */
export async function loadSeeds(
  app: INestApplicationContext,
  context: RequestContext,
  dir = seedsDir(),
): Promise<SeedCount[]> {
  const records = app.get(RecordsService);
  const definitions = app.get(ObjectDefinitionsService);
  const counts: SeedCount[] = [];
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort();
  for (const file of files) {
    const object = file.slice(0, -'.json'.length);
    const definition = await definitions.getDefinition(context, object);
    const rows = JSON.parse(readFileSync(join(dir, file), 'utf8')) as SeedRecord[];
    let created = 0;
    for (const { id, ...properties } of rows) {
      if (await records.recordExists(context, object, id)) {
        continue;
      }
      const [first, ...moves] = statePath(definition, properties);
      await records.createRecord(
        context,
        object,
        { ...properties, ...first },
        { id, isTrusted: true },
      );
      for (const move of moves) {
        await records.updateRecord(context, object, id, move, { isTrusted: true });
      }
      created++;
    }
    counts.push({ object, created, kept: rows.length - created });
  }
  return counts;
}

/**
 * The bodies that bring a record to its seeded states: the create's state overrides, then one
 * update per move (each carrying the seed's stamped values, so they are not stamped now).
 */
export function statePath(
  definition: Pick<CompiledDefinition, 'properties'>,
  properties: Record<string, unknown>,
): Array<Record<string, unknown>> {
  const steps: Array<Record<string, unknown>> = [{}];
  for (const property of statusProperties(definition)) {
    const target = properties[property.name];
    const { transitions } = resolveMachine(property, properties);
    if (!transitions || typeof target !== 'string') {
      continue;
    }
    const path = pathTo(transitions, target) ?? [target];
    const kept = Object.fromEntries(
      stampedProperties(transitions)
        .filter((name) => properties[name] !== undefined)
        .map((name) => [name, properties[name]]),
    );
    path.forEach((state, index) => {
      const step = (steps[index] ??= {});
      step[property.name] = state;
      if (index > 0) {
        Object.assign(step, kept);
      }
    });
  }
  return steps;
}
