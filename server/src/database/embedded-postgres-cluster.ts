import { Logger } from '@nestjs/common';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import {
  chmod,
  chown,
  cp,
  lstat,
  mkdir,
  mkdtemp,
  readlink,
  rename,
  rm,
  rmdir,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { type Account, type Cluster, run, runningCluster } from './embedded-postgres-process';

const logger = new Logger('EmbeddedPostgres');
export const SUPERUSER = 'postgres';
export const PASSWORD = 'plinth';
/** As root, where clusters (and binaries) go when the postgres user cannot reach the project. */
export const REACHABLE_BASE = '/var/lib/plinth';

function runsAsRoot(): boolean {
  return process.getuid?.() === 0;
}

function lookUpAccount(): Account | undefined {
  const id = (flag: string): number =>
    Number(spawnSync('id', [flag, SUPERUSER], { encoding: 'utf8' }).stdout.trim() || NaN);
  const uid = id('-u');
  const gid = id('-g');
  return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
}

/** As root: the postgres account, created (as a system account) when it does not exist. */
function postgresAccount(): Account | undefined {
  if (!runsAsRoot()) {
    return undefined;
  }
  const existing = lookUpAccount();
  if (existing) {
    return existing;
  }
  for (const args of [
    ['--system', '--user-group', SUPERUSER],
    ['--system', '--gid', SUPERUSER, SUPERUSER],
  ]) {
    if (spawnSync('useradd', args).status === 0) {
      break;
    }
  }
  const created = lookUpAccount();
  if (!created) {
    throw new Error(
      `Running as root, the embedded PostgreSQL needs a "${SUPERUSER}" user to run as, and creating it failed (useradd). Create it, run Plinth as a regular user, or set DATABASE_URL.`,
    );
  }
  return created;
}

/** Whether `account` can enter (search) `folder`, and so reach what is inside. */
function canReach(folder: string, account: Account | undefined): boolean {
  if (!account) {
    return true;
  }
  return spawnSync('test', ['-x', folder], { ...account, cwd: '/' }).status === 0;
}

/** A folder every account can enter (mkdir's mode is narrowed by the umask; chmod is not). */
async function mkdirReachable(folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  for (let dir = folder; dir.startsWith(REACHABLE_BASE); dir = dirname(dir)) {
    await chmod(dir, 0o755);
  }
}

/**
 * The binaries of this platform: embedded-postgres installs them as its optional dependency
 * `@embedded-postgres/<os>-<arch>` (found from embedded-postgres itself; its index is in dist/).
 * Plinth runs them through pg_ctl rather than that package's class, whose server lives and dies
 * with the process that started it.
 */
function packagedNativeDir(): string {
  const os = platform() === 'win32' ? 'windows' : platform();
  const fromEmbeddedPostgres = createRequire(require.resolve('embedded-postgres'));
  const entry = fromEmbeddedPostgres.resolve(`@embedded-postgres/${os}-${arch()}`);
  return join(dirname(entry), '..', 'native');
}

/**
 * The binaries' folder. As root, the postgres account must reach them: when the project lies in
 * a folder it cannot enter (root's home), they are copied once per version to REACHABLE_BASE.
 * PostgreSQL finds its libraries from its own real path, so a symbolic link would not do.
 */
async function binaries(account: Account | undefined): Promise<string> {
  const native = packagedNativeDir();
  for (const name of ['initdb', 'pg_ctl', 'postgres']) {
    const file = join(native, 'bin', name);
    const { mode } = await stat(file);
    if ((mode & 0o555) !== 0o555) {
      await chmod(file, mode | 0o555);
    }
  }
  if (canReach(join(native, 'bin'), account)) {
    return join(native, 'bin');
  }
  const { version } = JSON.parse(readFileSync(join(native, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  const copy = join(REACHABLE_BASE, `postgres-${version}-${platform()}-${arch()}`);
  if (!existsSync(join(copy, '.complete'))) {
    logger.log(`The postgres account cannot reach ${native}: copying the binaries to ${copy}`);
    await mkdirReachable(REACHABLE_BASE);
    const staging = `${copy}.${randomBytes(6).toString('hex')}`;
    await rm(staging, { recursive: true, force: true });
    await cp(native, staging, { recursive: true, verbatimSymlinks: true });
    await writeFile(join(staging, '.complete'), version);
    await chmod(staging, 0o755);
    // Another process may have copied them meanwhile: either copy is complete.
    await rename(staging, copy).catch(() => rm(staging, { recursive: true, force: true }));
  }
  return join(copy, 'bin');
}

function unreachableMessage(pgdata: string): string {
  return `The embedded PostgreSQL runs as the "${SUPERUSER}" user (PostgreSQL refuses to run as root), who cannot enter ${pgdata}. Set PLINTH_DATA_DIR to a folder every user can enter, delete ${pgdata} to let Plinth keep a new database under ${REACHABLE_BASE}, run as a regular user, or set DATABASE_URL.`;
}

/**
 * The data folder for `<dataDir>/<folder>`: that folder itself when PostgreSQL can reach it. As
 * root in a project only root can enter, the cluster lives under REACHABLE_BASE and
 * `<dataDir>/<folder>` is a symbolic link to it, so deleting the data dir still starts afresh.
 */
async function placeDataFolder(
  dataDir: string,
  folder: string,
  account: Account | undefined,
): Promise<string> {
  await mkdir(dataDir, { recursive: true });
  const inPlace = join(dataDir, folder);
  const found = await lstat(inPlace).catch(() => undefined);
  if (found?.isSymbolicLink()) {
    return readlink(inPlace);
  }
  if (canReach(dataDir, account)) {
    return inPlace;
  }
  if (found) {
    throw new Error(unreachableMessage(inPlace));
  }
  const digest = createHash('sha256').update(inPlace).digest('hex').slice(0, 12);
  const home = join(REACHABLE_BASE, 'data', `${basename(dirname(dataDir))}-${digest}`);
  await mkdirReachable(home);
  const relocated = join(home, folder);
  if (!canReach(home, account)) {
    throw new Error(unreachableMessage(relocated));
  }
  // The link was deleted with the data dir: start from scratch, as without relocation.
  if (existsSync(relocated) && !runningCluster(relocated)) {
    await rm(relocated, { recursive: true, force: true });
  }
  await symlink(relocated, inPlace);
  logger.log(
    `The postgres account cannot enter ${dataDir}: the cluster lives in ${relocated} (${inPlace} links to it)`,
  );
  return relocated;
}

/** Creates the cluster on first use; concurrent first starts leave exactly one. */
async function initialise(cluster: Cluster): Promise<void> {
  const { pgdata, bin, account } = cluster;
  if (existsSync(join(pgdata, 'PG_VERSION'))) {
    return;
  }
  logger.log(`Creating the embedded PostgreSQL cluster in ${pgdata} (first start only)…`);
  const staging = `${pgdata}.init-${randomBytes(6).toString('hex')}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true, mode: 0o700 });
  const secrets = await mkdtemp(join(tmpdir(), 'plinth-initdb-'));
  const passwordFile = join(secrets, 'password');
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (account) {
    await Promise.all(
      [staging, secrets, passwordFile].map((path) => chown(path, account.uid, account.gid)),
    );
  }
  try {
    await run(
      join(bin, 'initdb'),
      [
        `--pgdata=${staging}`,
        '--auth=password',
        `--username=${SUPERUSER}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--locale=C.UTF-8',
      ],
      account,
    );
    await rename(staging, pgdata);
  } catch (error) {
    if (!existsSync(join(pgdata, 'PG_VERSION'))) {
      throw error;
    }
  } finally {
    await rm(secrets, { recursive: true, force: true });
    await rm(staging, { recursive: true, force: true });
  }
}

/** Finds (and on first use creates) the cluster of `<dataDir>/<folder>`, ready to start. */
export async function prepareCluster(dataDir: string, folder: string): Promise<Cluster> {
  const account = postgresAccount();
  const bin = await binaries(account);
  const pgdata = await placeDataFolder(dataDir, folder, account);
  const cluster = { pgdata, bin, account };
  await initialise(cluster);
  return cluster;
}

/** The cluster of `<dataDir>/<folder>` when its files exist (nothing is created). */
export async function existingCluster(
  dataDir: string,
  folder: string,
): Promise<Cluster | undefined> {
  const inPlace = join(dataDir, folder);
  const found = await lstat(inPlace).catch(() => undefined);
  if (!found) {
    return undefined;
  }
  const pgdata = found.isSymbolicLink() ? await readlink(inPlace) : inPlace;
  const account = postgresAccount();
  return { pgdata, bin: await binaries(account), account };
}

/** Deletes a cluster's files, and the link to them when it was relocated. */
export async function removeClusterFiles(
  dataDir: string,
  folder: string,
  pgdata: string,
): Promise<void> {
  await rm(pgdata, { recursive: true, force: true });
  await rm(join(dataDir, folder), { recursive: true, force: true });
  if (pgdata.startsWith(join(REACHABLE_BASE, 'data'))) {
    // Its relocated home, unless another cluster of the same data dir lives there too.
    await rmdir(dirname(pgdata)).catch(() => undefined);
  }
}
