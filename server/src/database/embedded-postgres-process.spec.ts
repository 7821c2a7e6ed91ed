import { socketFile, socketFits } from './embedded-postgres-process';

describe('the embedded cluster’s Unix socket', () => {
  it('lives in the cluster’s own folder, named by its port', () => {
    expect(socketFile('/srv/app/.plinth/pgdata', 54321)).toBe(
      '/srv/app/.plinth/pgdata/.s.PGSQL.54321',
    );
  });

  it('is used when its path and lock file fit in a socket address, else TCP only', () => {
    expect(socketFits('/srv/app/.plinth/pgdata', 65535)).toBe(true);
    // 107 bytes at most: the folder, "/.s.PGSQL.65535" (15) and ".lock" (5).
    expect(socketFits(`/${'a'.repeat(86)}`, 65535)).toBe(true);
    expect(socketFits(`/${'a'.repeat(87)}`, 65535)).toBe(false);
  });
});
