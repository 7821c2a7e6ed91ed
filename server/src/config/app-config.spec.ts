import { join, resolve } from 'node:path';
import { loadAppConfig, resolveDataDir } from './app-config';
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
