import { join, resolve } from 'node:path';
import { loadAppConfig, parseCorsOrigins, resolveDataDir } from './app-config';
import { projectRoot } from './project-root';

const REPOSITORY = resolve(__dirname, '..', '..', '..');

describe(resolveDataDir.name, () => {
  it('takes a relative folder from the project root, not the working directory', () => {
    expect(resolveDataDir('state/db', '/srv/plinth')).toBe('/srv/plinth/state/db');
  });

  it('keeps an absolute folder as it is', () => {
    expect(resolveDataDir('/var/plinth', '/srv/plinth')).toBe('/var/plinth');
  });

  it('defaults to .plinth in the project root', () => {
    expect(resolveDataDir(undefined, '/srv/plinth')).toBe('/srv/plinth/.plinth');
    expect(resolveDataDir('', '/srv/plinth')).toBe('/srv/plinth/.plinth');
  });
});

describe(projectRoot.name, () => {
  it('finds the repository root from the sources and from the build', () => {
    expect(projectRoot(__dirname)).toBe(REPOSITORY);
    expect(projectRoot(join(REPOSITORY, 'server', 'dist', 'src', 'config'))).toBe(REPOSITORY);
  });
});

describe(loadAppConfig.name, () => {
  it('resolves PLINTH_DATA_DIR against the project root', () => {
    expect(loadAppConfig({ PLINTH_DATA_DIR: 'local-state' }).dataDir).toBe(
      join(REPOSITORY, 'local-state'),
    );
  });
});

describe('safe defaults', () => {
  it('listens on loopback only unless HOST says otherwise', () => {
    expect(loadAppConfig({}).host).toBe('127.0.0.1');
    expect(loadAppConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('allows no cross-origin caller unless CORS_ORIGINS lists some', () => {
    expect(loadAppConfig({}).corsOrigins).toEqual([]);
    expect(loadAppConfig({ CORS_ORIGINS: '' }).corsOrigins).toEqual([]);
  });
});

describe('DATABASE_READ_URL', () => {
  it('is unset unless given: everything then reads from the primary', () => {
    expect(loadAppConfig({}).databaseReadUrl).toBeUndefined();
    expect(
      loadAppConfig({ DATABASE_READ_URL: 'postgres://plinth@replica:5432/plinth' }).databaseReadUrl,
    ).toBe('postgres://plinth@replica:5432/plinth');
  });

  it('refuses anything that is not a postgres:// URL', () => {
    expect(() => loadAppConfig({ DATABASE_READ_URL: 'mysql://replica/plinth' })).toThrow(
      /DATABASE_READ_URL must be a postgres:\/\/ URL/,
    );
  });
});

describe('DATABASE_PREPARED_STATEMENTS', () => {
  it('prepares the hot statements unless told off; refuses anything but on or off', () => {
    expect(loadAppConfig({}).database.preparedStatements).toBe(true);
    expect(loadAppConfig({ DATABASE_PREPARED_STATEMENTS: 'off' }).database.preparedStatements).toBe(
      false,
    );
    expect(() => loadAppConfig({ DATABASE_PREPARED_STATEMENTS: 'no' })).toThrow(
      /DATABASE_PREPARED_STATEMENTS must be on or off/,
    );
  });
});

describe('PLINTH_HEAP_GROWING_PERCENT', () => {
  it('lets the heap grow to twice the live one unless told otherwise (0: V8 decides)', () => {
    expect(loadAppConfig({}).heapGrowingPercent).toBe(100);
    expect(loadAppConfig({ PLINTH_HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent).toBe(0);
    expect(loadAppConfig({ PLINTH_HEAP_GROWING_PERCENT: '50' }).heapGrowingPercent).toBe(50);
  });

  it('refuses what is not a whole percentage up to 400', () => {
    expect(() => loadAppConfig({ PLINTH_HEAP_GROWING_PERCENT: '-1' })).toThrow(/at least 0/);
    expect(() => loadAppConfig({ PLINTH_HEAP_GROWING_PERCENT: '1000' })).toThrow(/at most 400/);
    expect(() => loadAppConfig({ PLINTH_HEAP_GROWING_PERCENT: 'lots' })).toThrow(/whole number/);
  });
});

describe(parseCorsOrigins.name, () => {
  it('splits a comma list, trims blanks and trailing slashes, drops repeats', () => {
    expect(
      parseCorsOrigins(
        ' https://crm.example.com/ ,http://localhost:5173,, https://crm.example.com',
      ),
    ).toEqual(['https://crm.example.com', 'http://localhost:5173']);
  });

  it('refuses a wildcard or anything that is not an origin', () => {
    expect(() => parseCorsOrigins('*')).toThrow(/CORS_ORIGINS/);
    expect(() => parseCorsOrigins('crm.example.com')).toThrow(/CORS_ORIGINS/);
    expect(() => parseCorsOrigins('https://crm.example.com/app')).toThrow(/CORS_ORIGINS/);
  });
});
