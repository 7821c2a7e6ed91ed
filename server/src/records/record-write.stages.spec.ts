import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { Tx } from 'src/database/transaction';
import type { NewEvent } from 'src/events/event.types';
import type { EventsService } from 'src/events/events.service';
import { createAjv } from 'src/object-definitions/ajv.factory';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import { compileDefinitionSchema } from 'src/object-definitions/definition-schema.compiler';
import type { ObjectDefinitionInput } from 'src/object-definitions/definition.types';
import type { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import {
  BUILT_IN_PERMISSIONS,
  type ObjectPermissions,
  type Permissions,
} from 'src/organizations/permissions';
import { type RequestContext, systemContext } from 'src/organizations/request-context';
import type { RecordDuplicateMatcher } from './record-duplicates';
import type { RecordOwners } from './record-owners.repository';
import type {
  CreateWrite,
  DeleteWrite,
  LinkWrite,
  RecordWrite,
  RestoreWrite,
  StageName,
  UpdateWrite,
  WriteStage,
} from './record-write';
import { RecordWriteAuthorizeStage } from './record-write-authorize.stage';
import { RecordWriteEventsStage } from './record-write-events.stage';
import { normalizeCreate } from './record-write-normalize.stage';
import type { RecordWritePersistStage } from './record-write-persist.stage';
import { RecordWriteRulesStage } from './record-write-rules.stage';
import { RecordWriteValidateStage } from './record-write-validate.stage';
import { newCreateWrite } from './record-write.factory';
import { RecordWritePipeline } from './record-write.pipeline';
import type { RecordRow, RecordsRepository } from './records.repository';

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
  await new RecordWriteRulesStage(NO_DUPLICATES).run(write);
  return write;
}

/** The definitions here declare no duplicate rules: the matcher is never asked. */
const NO_DUPLICATES = {
  checkCreate: () => Promise.resolve(),
} as unknown as RecordDuplicateMatcher;

const MEMBER = '11111111-1111-4111-8111-111111111111';
const OTHER_MEMBER = '22222222-2222-4222-8222-222222222222';
const RECORD_ID = '33333333-3333-4333-8333-333333333333';

/** A member's context with the given permissions (the role's name is only shown in messages). */
function memberContext(permissions: Permissions, role = 'custom'): RequestContext {
  return {
    organizationId: 'org-1',
    actor: { kind: 'member', id: MEMBER, userId: 'user-1' },
    memberId: MEMBER,
    role,
    permissions,
  };
}

function stored(ownerId: string | null, properties: Record<string, unknown> = {}): RecordRow {
  return {
    id: RECORD_ID,
    properties: { title: 'T', ...properties },
    created_at: new Date(0),
    updated_at: new Date(0),
    version: 1,
    owner_id: ownerId,
    created_by: 'system',
    updated_by: 'system',
    archived_at: null,
    archived_by: null,
  };
}

const OWN_EDITOR: Permissions = {
  objects: { ticket: { read: 'all', create: 'all', update: 'own', delete: 'none' } },
  properties: { ticket: { code: 'hidden', source: 'read_only' } },
  manageDataModel: false,
  manageAccess: false,
};

function authorizeStage(row?: RecordRow, members: string[] = [OTHER_MEMBER]) {
  const repository = {
    findById: jest.fn(() => Promise.resolve(row)),
    findOwners: jest.fn(() => Promise.resolve(new Map(row ? [[row.id, row.owner_id]] : []))),
  };
  const owners: RecordOwners = {
    isMember: (_organizationId, id) => Promise.resolve(members.includes(id)),
  };
  return {
    repository,
    stage: new RecordWriteAuthorizeStage(repository as unknown as RecordsRepository, owners),
  };
}

function anUpdate(writer: RequestContext, body: unknown): UpdateWrite {
  return {
    kind: 'update',
    context: writer,
    definition,
    scope,
    sides: [],
    isTrusted: false,
    id: RECORD_ID,
    body,
    references: [],
    merged: {},
    visible: {},
    released: [],
    claims: [],
  };
}

function aDelete(writer: RequestContext): DeleteWrite {
  return {
    kind: 'delete',
    context: writer,
    definition,
    scope,
    sides: [],
    isTrusted: false,
    id: RECORD_ID,
    isPermanent: false,
  };
}

describe(RecordWriteAuthorizeStage.name, () => {
  it('lets a write within the caller’s organization pass', async () => {
    await expect(authorizeStage().stage.run(aCreate([{}]))).resolves.toBeUndefined();
  });

  it('refuses a write into another organization as not found', async () => {
    const write = { ...aCreate([{}]), scope: { ...scope, organizationId: 'org-2' } };
    await expect(authorizeStage().stage.run(write)).rejects.toMatchObject({
      code: ErrorCode.RecordNotFound,
    });
  });

  describe('object scopes', () => {
    it('refuses a create to a role without create', async () => {
      const write = aCreate([{ title: 'T' }]);
      write.context = memberContext(BUILT_IN_PERMISSIONS.viewer, 'viewer');
      await expect(authorizeStage().stage.run(write)).rejects.toMatchObject({
        code: ErrorCode.Forbidden,
        message: 'Your role (viewer) may not create ticket records',
      });
    });

    it('makes the creating member the owner', async () => {
      const write = aCreate([{ title: 'T' }]);
      write.context = memberContext(BUILT_IN_PERMISSIONS.member, 'member');
      await authorizeStage().stage.run(write);
      expect(write.drafts[0]?.ownerId).toBe(MEMBER);
    });

    it('lets an own scope update the member’s record and keeps its owner, locked', async () => {
      const { stage, repository } = authorizeStage(stored(MEMBER));
      const write = anUpdate(memberContext(OWN_EDITOR), { title: 'New' });
      await stage.run(write, {} as Tx);
      expect(write.current?.owner_id).toBe(MEMBER);
      expect(write.ownerId).toBe(MEMBER);
      expect(repository.findById).toHaveBeenCalledWith(scope, RECORD_ID, {}, true);
    });

    it('refuses an own scope’s update of another member’s readable record with 403', async () => {
      const write = anUpdate(memberContext(OWN_EDITOR), { title: 'New' });
      await expect(authorizeStage(stored(OTHER_MEMBER)).stage.run(write)).rejects.toMatchObject({
        code: ErrorCode.Forbidden,
      });
    });

    it('answers 404 for a record the role may not even read', async () => {
      const ownReader: Permissions = {
        ...OWN_EDITOR,
        objects: { ticket: { read: 'own', create: 'all', update: 'own', delete: 'own' } },
      };
      const write = aDelete(memberContext(ownReader));
      await expect(authorizeStage(stored(OTHER_MEMBER)).stage.run(write)).rejects.toMatchObject({
        code: ErrorCode.RecordNotFound,
      });
    });

    it('lets a member delete only its own records', async () => {
      const member = memberContext(BUILT_IN_PERMISSIONS.member, 'member');
      await expect(
        authorizeStage(stored(MEMBER)).stage.run(aDelete(member)),
      ).resolves.toBeUndefined();
      await expect(
        authorizeStage(stored(OTHER_MEMBER)).stage.run(aDelete(member)),
      ).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    });

    it('lets a member restore only its own records, reading them from the recycle bin', async () => {
      const member = memberContext(BUILT_IN_PERMISSIONS.member, 'member');
      const restore = (): RestoreWrite => ({ ...aDelete(member), kind: 'restore' });
      const { stage, repository } = authorizeStage(stored(MEMBER));
      const tx = {} as Tx;
      await expect(stage.run(restore(), tx)).resolves.toBeUndefined();
      expect(repository.findById).toHaveBeenCalledWith(
        { ...scope, archived: true },
        RECORD_ID,
        tx,
        true,
      );
      await expect(authorizeStage(stored(OTHER_MEMBER)).stage.run(restore())).rejects.toMatchObject(
        { code: ErrorCode.Forbidden },
      );
    });

    it('lets only a role that manages the data model purge, live or deleted records', async () => {
      const purge = (writer: RequestContext): DeleteWrite => ({
        ...aDelete(writer),
        isPermanent: true,
      });
      const member = memberContext(BUILT_IN_PERMISSIONS.member, 'member');
      await expect(authorizeStage(stored(MEMBER)).stage.run(purge(member))).rejects.toMatchObject({
        code: ErrorCode.Forbidden,
      });
      const admin = memberContext(BUILT_IN_PERMISSIONS.admin, 'admin');
      const { stage, repository } = authorizeStage(stored(OTHER_MEMBER));
      const tx = {} as Tx;
      await expect(stage.run(purge(admin), tx)).resolves.toBeUndefined();
      expect(repository.findById).toHaveBeenCalledWith(
        { ...scope, archived: 'any' },
        RECORD_ID,
        tx,
        true,
      );
    });

    it('answers 404 for an unknown record before any scope check of its owner', async () => {
      const write = anUpdate(memberContext(OWN_EDITOR), {});
      await expect(authorizeStage(undefined).stage.run(write)).rejects.toMatchObject({
        code: ErrorCode.RecordNotFound,
      });
    });
  });

  describe('property access', () => {
    it('refuses writing a hidden or a read-only property, naming each', async () => {
      const write = aCreate([{ title: 'T', code: 'x', source: 'y' }]);
      write.context = memberContext(OWN_EDITOR);
      await expect(authorizeStage().stage.run(write)).rejects.toMatchObject({
        code: ErrorCode.Forbidden,
        errors: {
          code: 'is hidden from your role: it cannot be written',
          source: 'is read-only for your role',
        },
      });
    });

    it('keys a batch’s refusals by record index', async () => {
      const write = aCreate([{ title: 'T' }, { title: 'U', code: 'x' }], { isBatch: true });
      write.context = memberContext(OWN_EDITOR);
      await expect(authorizeStage().stage.run(write)).rejects.toMatchObject({
        errors: { '1.code': expect.any(String) },
      });
    });

    it('lets an update send a read-only property back unchanged (react-admin sends it all)', async () => {
      const write = anUpdate(memberContext(OWN_EDITOR), { title: 'New', source: 'api' });
      await expect(
        authorizeStage(stored(MEMBER, { source: 'api' })).stage.run(write),
      ).resolves.toBeUndefined();
      const changed = anUpdate(memberContext(OWN_EDITOR), { source: 'other' });
      await expect(
        authorizeStage(stored(MEMBER, { source: 'api' })).stage.run(changed),
      ).rejects.toMatchObject({ errors: { source: 'is read-only for your role' } });
    });
  });

  describe('owner_id', () => {
    it('lets a role that updates every record reassign to a member', async () => {
      const write = anUpdate(memberContext(BUILT_IN_PERMISSIONS.admin), { owner_id: OTHER_MEMBER });
      await authorizeStage(stored(MEMBER)).stage.run(write);
      expect(write.ownerId).toBe(OTHER_MEMBER);
    });

    it('refuses an owner who is not a member of the organization with 400', async () => {
      const write = aCreate([{ title: 'T', owner_id: RECORD_ID }]);
      write.context = memberContext(BUILT_IN_PERMISSIONS.admin);
      await expect(authorizeStage().stage.run(write)).rejects.toMatchObject({
        code: ErrorCode.ValidationFailed,
        errors: { owner_id: 'must be the id of a member of this organization' },
      });
    });

    it('refuses a reassignment by an own scope, but not the owner sent back unchanged', async () => {
      const same = anUpdate(memberContext(OWN_EDITOR), { owner_id: MEMBER });
      await expect(authorizeStage(stored(MEMBER)).stage.run(same)).resolves.toBeUndefined();
      const moved = anUpdate(memberContext(OWN_EDITOR), { owner_id: OTHER_MEMBER });
      await expect(authorizeStage(stored(MEMBER)).stage.run(moved)).rejects.toMatchObject({
        code: ErrorCode.Forbidden,
        errors: { owner_id: expect.any(String) },
      });
    });
  });

  describe('links', () => {
    const link = (writer: RequestContext): LinkWrite => ({
      kind: 'link',
      context: writer,
      organizationId: 'org-1',
      action: 'link',
      associationType: 'a-1',
      fromId: RECORD_ID,
      toId: RECORD_ID,
      ends: [
        { object: 'ticket', definitionId: definition.id, id: RECORD_ID },
        { object: 'company', definitionId: 'definition-2', id: RECORD_ID },
      ],
    });

    it('needs update on both ends', async () => {
      const ticketsOnly: Permissions = {
        ...OWN_EDITOR,
        objects: { ticket: BUILT_IN_PERMISSIONS.owner.objects['*'] as ObjectPermissions },
      };
      await expect(
        authorizeStage(stored(MEMBER)).stage.run(link(memberContext(ticketsOnly))),
      ).rejects.toMatchObject({ code: ErrorCode.Forbidden, message: /company/ });
    });

    it('checks an own scope on the stored owner of each end', async () => {
      const own: Permissions = {
        ...OWN_EDITOR,
        objects: { '*': { read: 'all', create: 'all', update: 'own', delete: 'own' } },
      };
      await expect(
        authorizeStage(stored(MEMBER)).stage.run(link(memberContext(own))),
      ).resolves.toBeUndefined();
      await expect(
        authorizeStage(stored(OTHER_MEMBER)).stage.run(link(memberContext(own))),
      ).rejects.toMatchObject({ code: ErrorCode.Forbidden });
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
      context,
      definition,
      current,
      merged: { title: 'New', code: 'a' },
    } as unknown as UpdateWrite;
    await new RecordWriteRulesStage(NO_DUPLICATES).run(unchanged);
    expect(unchanged.released).toEqual([]);
    const changed = { ...unchanged, merged: { title: 'T', code: 'b' } } as UpdateWrite;
    await new RecordWriteRulesStage(NO_DUPLICATES).run(changed);
    expect(changed.released).toEqual(['code']);
    expect(changed.claims).toEqual([{ property: 'code', value: expect.any(String) }]);
  });
});

describe(RecordWriteEventsStage.name, () => {
  function stageWithLog(): { stage: RecordWriteEventsStage; appended: NewEvent[][] } {
    const appended: NewEvent[][] = [];
    const events = {
      append: (batch: NewEvent[]) => {
        appended.push(batch);
        return Promise.resolve();
      },
    } as unknown as EventsService;
    return { stage: new RecordWriteEventsStage(events), appended };
  }

  it('appends one created event per record of a batch, in one call', async () => {
    const { stage, appended } = stageWithLog();
    const write = await prepared(aCreate([{ title: 'A' }, { title: 'B' }], { isBatch: true }));
    await stage.run(write, {} as Tx);
    expect(appended).toHaveLength(1);
    expect(appended[0]?.map((event) => [event.type, event.recordId])).toEqual([
      ['created', 'id-0'],
      ['created', 'id-1'],
    ]);
  });

  it('skips a create whose event its insert statement wrote', async () => {
    const { stage, appended } = stageWithLog();
    const write = await prepared(aCreate([{ title: 'A' }]));
    write.isEventWritten = true;
    await stage.run(write);
    expect(appended).toEqual([]);
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
      stage('events') as unknown as RecordWriteEventsStage,
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
