import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { Tx } from 'src/database/transaction';
import { createAjv } from 'src/object-definitions/ajv.factory';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import { compileDefinitionSchema } from 'src/object-definitions/definition-schema.compiler';
import type { ObjectDefinitionInput } from 'src/object-definitions/definition.types';
import type { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import { systemContext } from 'src/organizations/request-context';
import type { CreateWrite, RecordWrite, StageName, UpdateWrite, WriteStage } from './record-write';
import { RecordWriteAuthorizeStage } from './record-write-authorize.stage';
import { type RecordEventHook, RecordWriteEventsStage } from './record-write-events.stage';
import { normalizeCreate } from './record-write-normalize.stage';
import type { RecordWritePersistStage } from './record-write-persist.stage';
import { RecordWriteRulesStage } from './record-write-rules.stage';
import { RecordWriteValidateStage } from './record-write-validate.stage';
import { newCreateWrite } from './record-write.factory';
import { RecordWritePipeline } from './record-write.pipeline';

const TICKET: ObjectDefinitionInput = {
  name: 'ticket',
  labels: { singular: 'Ticket', plural: 'Tickets' },
  primary_display_property: 'title',
  properties: [
    { name: 'title', type: 'text', label: 'Title', required: true },
    { name: 'code', type: 'text', label: 'Code', unique: true },
    { name: 'priority', type: 'number', label: 'Priority', default: 3 },
    { name: 'source', type: 'text', label: 'Source', read_only: true },
  ],
};

function compiled(input: ObjectDefinitionInput): CompiledDefinition {
  const jsonSchema = compileDefinitionSchema(input);
  return {
    ...input,
    id: 'definition-1',
    organizationId: 'org-1',
    isSystem: false,
    version: 1,
    jsonSchema,
    propertyByName: new Map(input.properties.map((property) => [property.name, property])),
    validate: createAjv().compile(jsonSchema),
  } as unknown as CompiledDefinition;
}

const definition = compiled(TICKET);
const context = systemContext('org-1');
const scope = { organizationId: 'org-1', definitionId: definition.id };

function aCreate(bodies: unknown[], options: { isBatch?: boolean; isTrusted?: boolean } = {}) {
  return newCreateWrite(
    context,
    definition,
    scope,
    [],
    bodies.map((body, index) => ({ id: `id-${index}`, body })),
    options,
  );
}

/** A create through normalize, validate and rules, as the pipeline runs them. */
async function prepared(write: CreateWrite): Promise<CreateWrite> {
  normalizeCreate(write);
  await new RecordWriteValidateStage().run(write);
  await new RecordWriteRulesStage().run(write);
  return write;
}

describe(RecordWriteAuthorizeStage.name, () => {
  it('lets a write within the caller’s organization pass', async () => {
    await expect(new RecordWriteAuthorizeStage().run(aCreate([{}]))).resolves.toBeUndefined();
  });

  it('refuses a write into another organization as not found', async () => {
    const write = { ...aCreate([{}]), scope: { ...scope, organizationId: 'org-2' } };
    await expect(new RecordWriteAuthorizeStage().run(write)).rejects.toMatchObject({
      code: ErrorCode.RecordNotFound,
    });
  });
});

describe('normalizeCreate', () => {
  it('fills defaults, drops the record’s own fields, read-only properties and nulls', () => {
    const write = aCreate([{ title: 'T', id: 'x', created_at: 'y', source: 'api', code: null }]);
    normalizeCreate(write);
    expect(write.drafts[0]?.properties).toEqual({ title: 'T', priority: 3 });
  });

  it('keeps read-only properties of a trusted write (seeds, imports)', () => {
    const write = aCreate([{ title: 'T', source: 'seed' }], { isTrusted: true });
    normalizeCreate(write);
    expect(write.drafts[0]?.properties).toMatchObject({ source: 'seed' });
  });

  it('throws for a single body that is no object, and keeps it on the record in a batch', () => {
    expect(() => normalizeCreate(aCreate(['text']))).toThrow(AppError);
    const batch = aCreate([{ title: 'T' }, 'text'], { isBatch: true });
    normalizeCreate(batch);
    expect(batch.drafts[1]?.error?.code).toBe(ErrorCode.BadRequest);
  });
});

describe(RecordWriteValidateStage.name, () => {
  it('refuses a record against the compiled schema, naming the property', async () => {
    const write = aCreate([{ priority: 'high' }]);
    normalizeCreate(write);
    await expect(new RecordWriteValidateStage().run(write)).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      errors: expect.objectContaining({ priority: expect.any(String) }),
    });
  });

  it('answers a batch with every record’s failures, by index', async () => {
    const write = aCreate([{ title: 'ok' }, { priority: 1 }, 'text'], { isBatch: true });
    normalizeCreate(write);
    const error = await new RecordWriteValidateStage().run(write).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: ErrorCode.ValidationFailed,
      details: { failed_indexes: [1, 2] },
      errors: expect.objectContaining({ '1.title': expect.any(String) }),
    });
    expect((error as AppError).message).toMatch(/^2 of 3 ticket records are invalid/);
  });

  it('validates an update’s merged record as reads show it', async () => {
    const write = {
      kind: 'update',
      definition,
      visible: { priority: 1 },
    } as unknown as UpdateWrite;
    await expect(new RecordWriteValidateStage().run(write)).rejects.toMatchObject({
      errors: expect.objectContaining({ title: expect.any(String) }),
    });
  });
});

describe(RecordWriteRulesStage.name, () => {
  it('derives the stored values and the unique values a new record claims', async () => {
    const write = await prepared(aCreate([{ title: 'Broken printer', code: 'ab-1' }]));
    expect(write.drafts[0]?.values).toMatchObject({
      displayName: 'Broken printer',
      properties: { title: 'Broken printer', code: 'ab-1', priority: 3 },
    });
    expect(write.drafts[0]?.claims).toEqual([{ property: 'code', value: expect.any(String) }]);
  });

  it('releases and claims only the unique values an update changes', async () => {
    const current = { id: 'r', properties: { title: 'T', code: 'a' } };
    const unchanged = {
      kind: 'update',
      definition,
      current,
      merged: { title: 'New', code: 'a' },
    } as unknown as UpdateWrite;
    await new RecordWriteRulesStage().run(unchanged);
    expect(unchanged.released).toEqual([]);
    const changed = { ...unchanged, merged: { title: 'T', code: 'b' } } as UpdateWrite;
    await new RecordWriteRulesStage().run(changed);
    expect(changed.released).toEqual(['code']);
    expect(changed.claims).toEqual([{ property: 'code', value: expect.any(String) }]);
  });
});

describe(RecordWriteEventsStage.name, () => {
  it('runs every hook, in order, with the write and its transaction', async () => {
    const seen: string[] = [];
    const hook = (name: string): RecordEventHook => ({
      onRecordWrite: (write) => {
        seen.push(`${name}:${write.kind}`);
        return Promise.resolve();
      },
    });
    const stage = new RecordWriteEventsStage([hook('timeline'), hook('outbox')]);
    expect(stage.hasHooks).toBe(true);
    await stage.run(aCreate([{}]), {} as Tx);
    expect(seen).toEqual(['timeline:create', 'outbox:create']);
  });

  it('has nothing to do today', async () => {
    const stage = new RecordWriteEventsStage([]);
    expect(stage.hasHooks).toBe(false);
    await expect(stage.run(aCreate([{}]))).resolves.toBeUndefined();
  });
});

describe(RecordWritePipeline.name, () => {
  function countingStage(name: StageName, order: StageName[], fail = false): WriteStage {
    return {
      name,
      run: () => {
        order.push(name);
        return fail
          ? Promise.reject(new AppError(ErrorCode.ValidationFailed, 'no'))
          : Promise.resolve();
      },
    };
  }

  function pipeline(order: StageName[], failing?: StageName, isCurrent = true) {
    const stage = (name: StageName) => countingStage(name, order, name === failing);
    const definitions = {
      isCurrentForRecordWrite: () => Promise.resolve(isCurrent),
    } as unknown as ObjectDefinitionsService;
    return new RecordWritePipeline(
      stage('authorize') as RecordWriteAuthorizeStage,
      stage('normalize') as never,
      stage('validate') as RecordWriteValidateStage,
      stage('rules') as RecordWriteRulesStage,
      stage('persist') as RecordWritePersistStage,
      Object.assign(stage('events'), { hasHooks: false }) as unknown as RecordWriteEventsStage,
      definitions,
    );
  }

  it('runs every stage in order', async () => {
    const order: StageName[] = [];
    await pipeline(order).run(aCreate([{}]));
    expect(order).toEqual(['authorize', 'normalize', 'validate', 'rules', 'persist', 'events']);
  });

  it('stops at a refusing stage: nothing persists', async () => {
    const order: StageName[] = [];
    await expect(pipeline(order, 'validate').prepare(aCreate([{}]), {} as Tx)).rejects.toThrow(
      'no',
    );
    expect(order).toEqual(['authorize', 'normalize', 'validate']);
  });

  it('asks for a redo when a refusal came from a definition that is no longer current', async () => {
    const order: StageName[] = [];
    await expect(pipeline(order, 'validate', false).prepare(aCreate([{}]))).resolves.toBe(
      undefined,
    );
  });

  it('makes a create one statement only when nothing else is written', async () => {
    const order: StageName[] = [];
    const plain = await pipeline(order).prepare(aCreate([{}]));
    expect(plain && pipeline(order).isSingleStatement(plain)).toBe(true);
    const write: RecordWrite = aCreate([{}]);
    const claimed = await pipeline(order).prepare(write);
    write.drafts[0]?.claims.push({ property: 'code', value: 'a' });
    expect(claimed && pipeline(order).isSingleStatement(claimed)).toBe(false);
  });
});
