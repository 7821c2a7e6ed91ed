import type { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import type { OrganizationsService } from 'src/organizations/organizations.service';
import type { AssociationDefinitionsService } from './association-definitions.service';
import { SystemDefinitionsBootstrap } from './system-definitions.bootstrap';

const FIRST = '00000000-0000-4000-8000-000000000001';
const SECOND = '00000000-0000-4000-8000-000000000002';
const THIRD = '00000000-0000-4000-8000-000000000003';

/** Organizations whose hash is in `marked` hold the shipped definitions; the mocks keep it so. */
function setUp(organizationCacheSize: number, marked = new Set<string>()) {
  const organizations = {
    hasSystemDefinitions: jest.fn((id: string) => Promise.resolve(marked.has(id))),
    markSystemDefinitions: jest.fn((id: string) => {
      marked.add(id);
      return Promise.resolve();
    }),
  };
  const definitions = {
    systemDefinitionsHash: () => 'objects',
    syncSystemDefinitions: jest.fn(() => Promise.resolve({ created: [], upgraded: [] })),
  };
  const associations = {
    systemAssociationsHash: () => 'associations',
    syncSystemAssociations: jest.fn(() => Promise.resolve(0)),
  };
  const bootstrap = new SystemDefinitionsBootstrap(
    organizations as unknown as OrganizationsService,
    definitions as unknown as ObjectDefinitionsService,
    associations as unknown as AssociationDefinitionsService,
    { organizationCacheSize },
  );
  return { bootstrap, organizations, definitions, associations };
}

describe(SystemDefinitionsBootstrap.name, () => {
  describe('ensureCurrent', () => {
    it('reads a marked organization once, then answers from memory without upgrading it', async () => {
      const { bootstrap, organizations, definitions } = setUp(10, new Set([FIRST]));
      await bootstrap.ensureCurrent(FIRST);
      await bootstrap.ensureCurrent(FIRST);
      expect(organizations.hasSystemDefinitions).toHaveBeenCalledTimes(1);
      expect(definitions.syncSystemDefinitions).not.toHaveBeenCalled();
    });

    it('upgrades an unmarked organization once for concurrent callers, objects before associations, then marks it', async () => {
      const { bootstrap, organizations, definitions, associations } = setUp(10);
      const order: string[] = [];
      definitions.syncSystemDefinitions.mockImplementation(() => {
        order.push('objects');
        return Promise.resolve({ created: [], upgraded: [] });
      });
      associations.syncSystemAssociations.mockImplementation(() => {
        order.push('associations');
        return Promise.resolve(0);
      });
      organizations.markSystemDefinitions.mockImplementation(() => {
        order.push('marked');
        return Promise.resolve();
      });
      await Promise.all([bootstrap.ensureCurrent(FIRST), bootstrap.ensureCurrent(FIRST)]);
      expect(order).toEqual(['objects', 'associations', 'marked']);
      expect(organizations.markSystemDefinitions).toHaveBeenCalledWith(
        FIRST,
        expect.stringMatching(/^[0-9a-f]{64}$/),
      );
    });

    it('drops the least recently used organization beyond organizationCacheSize', async () => {
      const { bootstrap, organizations } = setUp(2, new Set([FIRST, SECOND, THIRD]));
      await bootstrap.ensureCurrent(FIRST);
      await bootstrap.ensureCurrent(SECOND);
      await bootstrap.ensureCurrent(FIRST);
      await bootstrap.ensureCurrent(THIRD);
      expect(organizations.hasSystemDefinitions.mock.calls.map(([id]) => id)).toEqual([
        FIRST,
        SECOND,
        THIRD,
      ]);
      await bootstrap.ensureCurrent(FIRST);
      await bootstrap.ensureCurrent(THIRD);
      expect(organizations.hasSystemDefinitions).toHaveBeenCalledTimes(3);
      await bootstrap.ensureCurrent(SECOND);
      expect(organizations.hasSystemDefinitions).toHaveBeenLastCalledWith(
        SECOND,
        expect.any(String),
      );
      expect(organizations.hasSystemDefinitions).toHaveBeenCalledTimes(4);
    });

    it('forgets a failed upgrade, so the next request tries again', async () => {
      const { bootstrap, definitions, organizations } = setUp(10);
      definitions.syncSystemDefinitions.mockRejectedValueOnce(new Error('connection lost'));
      await expect(bootstrap.ensureCurrent(FIRST)).rejects.toThrow('connection lost');
      await bootstrap.ensureCurrent(FIRST);
      expect(definitions.syncSystemDefinitions).toHaveBeenCalledTimes(2);
      expect(organizations.markSystemDefinitions).toHaveBeenCalledTimes(1);
    });
  });
});
