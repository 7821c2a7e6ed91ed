import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import type { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import { systemContext } from 'src/organizations/request-context';
import type { AssociationDefinitionsRepository } from './association-definitions.repository';
import { AssociationRegistry } from './association-registry';
import type { AssociationDefinition } from './association.types';

const ORGANIZATION_ID = '00000000-0000-4000-8000-000000000001';
const context = systemContext(ORGANIZATION_ID);

function aDealCompany(overrides: Partial<AssociationDefinition> = {}): AssociationDefinition {
  return {
    id: '00000000-0000-4000-8000-0000000000aa',
    organizationId: ORGANIZATION_ID,
    name: 'deal_company',
    from: 'deal',
    to: 'company',
    fromObjectDefinitionId: '00000000-0000-4000-8000-0000000000d1',
    toObjectDefinitionId: '00000000-0000-4000-8000-0000000000c1',
    cardinality: 'many_to_one',
    from_side: { name: 'company', label: 'Company' },
    to_side: { name: 'deals', label: 'Deals' },
    isSystem: true,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...overrides,
  };
}

/** What DefinitionRegistry serves: new objects after each of its reloads. */
function someObjects(): CompiledDefinition[] {
  return [{ name: 'company' }, { name: 'deal' }] as CompiledDefinition[];
}

/** A registry whose repository answers each query only when the test settles it. */
function setUp(organizationCacheSize?: number) {
  const queries: Array<{
    resolve: (definitions: AssociationDefinition[]) => void;
    reject: (error: Error) => void;
  }> = [];
  const repository = {
    findAll: jest.fn(
      () =>
        new Promise<AssociationDefinition[]>((resolve, reject) =>
          queries.push({ resolve, reject }),
        ),
    ),
  };
  let objects = someObjects();
  const objectDefinitions = { listDefinitions: jest.fn(() => Promise.resolve([...objects])) };
  const registry = new AssociationRegistry(
    repository as unknown as AssociationDefinitionsRepository,
    objectDefinitions as unknown as ObjectDefinitionsService,
    organizationCacheSize === undefined ? undefined : { organizationCacheSize },
  );
  return {
    registry,
    findAll: repository.findAll,
    /** Settles the oldest pending query. */
    answer(definitions: AssociationDefinition[]): void {
      queries.shift()?.resolve(definitions);
    },
    fail(error: Error): void {
      queries.shift()?.reject(error);
    },
    /** Lets the pending calls reach the repository. */
    async settle(): Promise<void> {
      for (let i = 0; i < 10; i++) {
        await Promise.resolve();
      }
    },
    reloadObjects(): void {
      objects = someObjects();
    },
  };
}

/** Starts a call and answers its query, for tests about what happens next. */
async function warm(
  setup: ReturnType<typeof setUp>,
  definitions = [aDealCompany()],
  asked = context,
) {
  const sides = setup.registry.sidesOf(asked, 'deal');
  await setup.settle();
  setup.answer(definitions);
  return sides;
}

/** A call that must not query (checked before awaiting it: an unanswered query never settles). */
async function fromMemory(setup: ReturnType<typeof setUp>, asked = context) {
  const queries = setup.findAll.mock.calls.length;
  const sides = setup.registry.sidesOf(asked, 'deal');
  await setup.settle();
  expect(setup.findAll).toHaveBeenCalledTimes(queries);
  return sides;
}

describe(AssociationRegistry.name, () => {
  describe('sidesOf', () => {
    it("derives an object's sides from the organization's association definitions", async () => {
      const setup = setUp();
      await expect(warm(setup)).resolves.toEqual([
        {
          name: 'company',
          label: 'Company',
          associationType: aDealCompany().id,
          selfColumn: 'from',
          otherObject: 'company',
          isToOne: true,
          referenceField: 'company_id',
        },
      ]);
      await expect(setup.registry.sidesOf(context, 'company')).resolves.toEqual([
        expect.objectContaining({ name: 'deals', selfColumn: 'to', isToOne: false }),
      ]);
      await expect(setup.registry.sidesOf(context, 'unknown')).resolves.toEqual([]);
    });

    it('queries association definitions once, then answers from memory', async () => {
      const setup = setUp();
      await warm(setup);
      for (let i = 0; i < 3; i++) {
        await expect(fromMemory(setup)).resolves.toHaveLength(1);
      }
      expect(setup.findAll).toHaveBeenCalledWith(ORGANIZATION_ID);
    });

    it('shares one load between concurrent first calls', async () => {
      const setup = setUp();
      const calls = [
        setup.registry.sidesOf(context, 'deal'),
        setup.registry.sidesOf(context, 'company'),
        setup.registry.sidesOf(context, 'deal'),
      ];
      await setup.settle();
      setup.answer([aDealCompany()]);
      await expect(Promise.all(calls)).resolves.toEqual([
        [expect.objectContaining({ name: 'company' })],
        [expect.objectContaining({ name: 'deals' })],
        [expect.objectContaining({ name: 'company' })],
      ]);
      expect(setup.findAll).toHaveBeenCalledTimes(1);
    });

    it('does not keep a failed load', async () => {
      const setup = setUp();
      const failed = setup.registry.sidesOf(context, 'deal');
      await setup.settle();
      setup.fail(new Error('connection lost'));
      await expect(failed).rejects.toThrow('connection lost');
      await expect(warm(setup)).resolves.toHaveLength(1);
      expect(setup.findAll).toHaveBeenCalledTimes(2);
    });

    it('does not let a copy of its answer change what it keeps', async () => {
      const setup = setUp();
      (await warm(setup)).length = 0;
      await expect(fromMemory(setup)).resolves.toHaveLength(1);
    });
  });

  describe('invalidate', () => {
    it('reloads on the next call', async () => {
      const setup = setUp();
      await warm(setup);
      setup.registry.invalidate(ORGANIZATION_ID);
      await expect(warm(setup, [])).resolves.toEqual([]);
      expect(setup.findAll).toHaveBeenCalledTimes(2);
    });

    it('does not keep what a load running across the invalidation read', async () => {
      const setup = setUp();
      const before = setup.registry.sidesOf(context, 'deal');
      await setup.settle();
      setup.registry.invalidate(ORGANIZATION_ID);
      const after = setup.registry.sidesOf(context, 'deal');
      await setup.settle();
      setup.answer([aDealCompany()]);
      setup.answer([]);
      await expect(before).resolves.toHaveLength(1);
      await expect(after).resolves.toEqual([]);
      await expect(fromMemory(setup)).resolves.toEqual([]);
    });

    it('keeps a newer load when an older one fails', async () => {
      const setup = setUp();
      const before = setup.registry.sidesOf(context, 'deal');
      await setup.settle();
      setup.registry.invalidate(ORGANIZATION_ID);
      const after = setup.registry.sidesOf(context, 'deal');
      await setup.settle();
      setup.fail(new Error('connection lost'));
      setup.answer([aDealCompany()]);
      await expect(before).rejects.toThrow('connection lost');
      await expect(after).resolves.toHaveLength(1);
      await expect(fromMemory(setup)).resolves.toHaveLength(1);
    });
  });

  it('reloads when the object definitions were reloaded (an object changed here or elsewhere)', async () => {
    const setup = setUp();
    await warm(setup);
    await fromMemory(setup);
    setup.reloadObjects();
    await expect(warm(setup, [])).resolves.toEqual([]);
    expect(setup.findAll).toHaveBeenCalledTimes(2);
  });

  describe('its bound', () => {
    const other = systemContext('00000000-0000-4000-8000-000000000002');
    const third = systemContext('00000000-0000-4000-8000-000000000003');

    it('drops the least recently used organization beyond organizationCacheSize', async () => {
      const setup = setUp(2);
      await warm(setup, [aDealCompany()], context);
      await warm(setup, [], other);
      await fromMemory(setup, context);
      await warm(setup, [], third);
      expect(setup.findAll).toHaveBeenCalledTimes(3);
      await expect(fromMemory(setup, context)).resolves.toHaveLength(1);
      await expect(fromMemory(setup, third)).resolves.toEqual([]);
      await expect(warm(setup, [], other)).resolves.toEqual([]);
      expect(setup.findAll).toHaveBeenCalledTimes(4);
    });

    it('reloads a dropped organization on its next call, with its own sides', async () => {
      const setup = setUp(1);
      await warm(setup, [aDealCompany()], context);
      await warm(setup, [], other);
      await expect(warm(setup, [aDealCompany()], context)).resolves.toEqual([
        expect.objectContaining({ name: 'company', referenceField: 'company_id' }),
      ]);
      expect(setup.findAll).toHaveBeenLastCalledWith(ORGANIZATION_ID);
      expect(setup.findAll).toHaveBeenCalledTimes(3);
    });
  });
});
