import { plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  validateSync,
} from 'class-validator';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { projectRoot } from './project-root';

const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The environment variables Plinth reads; `.env.example` documents each. */
class EnvDto {
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_READ_URL must be a postgres:// URL' })
  DATABASE_READ_URL?: string;

  @IsOptional()
  @IsInt({ message: 'PORT must be a whole number' })
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsString()
  HOST?: string;

  @IsOptional()
  @IsString()
  PLINTH_DATA_DIR?: string;

  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  @IsOptional()
  @IsInt({ message: 'DATABASE_POOL_SIZE must be a whole number' })
  @Min(1)
  @Max(1000)
  DATABASE_POOL_SIZE?: number;

  @IsOptional()
  @IsIn(['on', 'off'], { message: 'DATABASE_PREPARED_STATEMENTS must be on or off' })
  DATABASE_PREPARED_STATEMENTS?: 'on' | 'off';

  @IsOptional()
  @IsInt({ message: 'DATABASE_STATEMENT_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(0)
  DATABASE_STATEMENT_TIMEOUT_MS?: number;

  @IsOptional()
  @IsInt({ message: 'DATABASE_LOCK_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(0)
  DATABASE_LOCK_TIMEOUT_MS?: number;

  @IsOptional()
  @IsInt({
    message: 'DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS must be a whole number of milliseconds',
  })
  @Min(0)
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS?: number;

  @IsOptional()
  @IsInt({ message: 'DATABASE_POOL_ACQUIRE_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(1)
  DATABASE_POOL_ACQUIRE_TIMEOUT_MS?: number;

  @IsOptional()
  @IsInt({ message: 'PLINTH_WORKERS must be a whole number' })
  @Min(1, { message: 'PLINTH_WORKERS must be at least 1' })
  @Max(64, { message: 'PLINTH_WORKERS must be at most 64' })
  PLINTH_WORKERS?: number;

  @IsOptional()
  @IsInt({ message: 'PLINTH_HEAP_GROWING_PERCENT must be a whole number' })
  @Min(0, { message: 'PLINTH_HEAP_GROWING_PERCENT must be at least 0 (0: V8 decides)' })
  @Max(400, { message: 'PLINTH_HEAP_GROWING_PERCENT must be at most 400' })
  PLINTH_HEAP_GROWING_PERCENT?: number;

  /** Set by the primary process for its workers (main.ts), not by operators. */
  @IsOptional()
  @IsIn(['lead', 'follower'], { message: 'PLINTH_WORKER_ROLE must be lead or follower' })
  PLINTH_WORKER_ROLE?: 'lead' | 'follower';

  @IsOptional()
  @IsInt({ message: 'PLINTH_RATE_LIMIT_PER_MINUTE must be a whole number' })
  @Min(1, { message: 'PLINTH_RATE_LIMIT_PER_MINUTE must be at least 1' })
  PLINTH_RATE_LIMIT_PER_MINUTE?: number;

  @IsOptional()
  @IsInt({ message: 'PLINTH_ORGANIZATION_CACHE_SIZE must be a whole number' })
  @Min(1, { message: 'PLINTH_ORGANIZATION_CACHE_SIZE must be at least 1' })
  PLINTH_ORGANIZATION_CACHE_SIZE?: number;

  @IsOptional()
  @IsInt({ message: 'PLINTH_SESSION_TTL_HOURS must be a whole number of hours' })
  @Min(1, { message: 'PLINTH_SESSION_TTL_HOURS must be at least 1' })
  PLINTH_SESSION_TTL_HOURS?: number;

  @IsOptional()
  @IsInt({ message: 'PLINTH_RECYCLE_BIN_DAYS must be a whole number of days' })
  @Min(1, { message: 'PLINTH_RECYCLE_BIN_DAYS must be at least 1' })
  PLINTH_RECYCLE_BIN_DAYS?: number;

  @IsOptional()
  @IsInt({ message: 'PLINTH_IMPORT_MAX_MB must be a whole number of megabytes' })
  @Min(1, { message: 'PLINTH_IMPORT_MAX_MB must be at least 1' })
  PLINTH_IMPORT_MAX_MB?: number;

  @IsOptional()
  @IsString()
  PLINTH_ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  PLINTH_ADMIN_PASSWORD?: string;

  @IsOptional()
  @Matches(/^[A-Z]{2}$/, {
    message: 'PLINTH_PHONE_COUNTRY must be an ISO 3166 two-letter country code such as US',
  })
  PLINTH_PHONE_COUNTRY?: string;

  @IsOptional()
  @IsIn(['on', 'off'], { message: 'PLINTH_HUBSPOT_SEARCH_CAPS must be on or off' })
  PLINTH_HUBSPOT_SEARCH_CAPS?: 'on' | 'off';

  @IsOptional()
  @IsIn(['on', 'off'], { message: 'PLINTH_AUTO_INDEXES must be on or off' })
  PLINTH_AUTO_INDEXES?: 'on' | 'off';

  @IsOptional()
  @IsInt({ message: 'PLINTH_AUTO_INDEX_MIN_USES must be a whole number' })
  @Min(1, { message: 'PLINTH_AUTO_INDEX_MIN_USES must be at least 1' })
  PLINTH_AUTO_INDEX_MIN_USES?: number;

  @IsOptional()
  @IsInt({ message: 'PLINTH_AUTO_INDEX_WINDOW_SECONDS must be a whole number of seconds' })
  @Min(1, { message: 'PLINTH_AUTO_INDEX_WINDOW_SECONDS must be at least 1' })
  PLINTH_AUTO_INDEX_WINDOW_SECONDS?: number;

  @IsOptional()
  @IsInt({ message: 'PLINTH_AUTO_INDEX_MIN_RECORDS must be a whole number' })
  @Min(0)
  PLINTH_AUTO_INDEX_MIN_RECORDS?: number;

  @IsOptional()
  @IsInt({ message: 'PLINTH_AUTO_INDEX_BUDGET must be a whole number' })
  @Min(0)
  @Max(100)
  PLINTH_AUTO_INDEX_BUDGET?: number;

  @IsOptional()
  @IsInt({ message: 'PLINTH_AUTO_INDEX_INTERVAL_SECONDS must be a whole number of seconds' })
  @Min(1, { message: 'PLINTH_AUTO_INDEX_INTERVAL_SECONDS must be at least 1' })
  PLINTH_AUTO_INDEX_INTERVAL_SECONDS?: number;

  @IsOptional()
  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL?: LogLevel;

  @IsOptional()
  @IsIn(['on', 'off'], { message: 'PLINTH_WEBHOOK_WORKER must be on or off' })
  PLINTH_WEBHOOK_WORKER?: 'on' | 'off';

  @IsOptional()
  @IsInt({ message: 'PLINTH_WEBHOOK_POLL_MS must be a whole number of milliseconds' })
  @Min(1)
  PLINTH_WEBHOOK_POLL_MS?: number;

  @IsOptional()
  @IsInt({ message: 'PLINTH_WEBHOOK_BATCH_SIZE must be a whole number' })
  @Min(1)
  @Max(1000)
  PLINTH_WEBHOOK_BATCH_SIZE?: number;

  @IsOptional()
  @IsInt({ message: 'PLINTH_WEBHOOK_CONCURRENCY must be a whole number' })
  @Min(1)
  @Max(32)
  PLINTH_WEBHOOK_CONCURRENCY?: number;

  @IsOptional()
  @IsInt({ message: 'PLINTH_WEBHOOK_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(1)
  @Max(50_000, { message: 'PLINTH_WEBHOOK_TIMEOUT_MS must be at most 50000' })
  PLINTH_WEBHOOK_TIMEOUT_MS?: number;

  @IsOptional()
  @IsInt({ message: 'PLINTH_WEBHOOK_MAX_ATTEMPTS must be a whole number' })
  @Min(1)
  @Max(100)
  PLINTH_WEBHOOK_MAX_ATTEMPTS?: number;

  @IsOptional()
  @IsInt({ message: 'PLINTH_WEBHOOK_RETRY_BASE_MS must be a whole number of milliseconds' })
  @Min(1)
  PLINTH_WEBHOOK_RETRY_BASE_MS?: number;

  @IsOptional()
  @IsInt({ message: 'PLINTH_WEBHOOK_RETRY_MAX_MS must be a whole number of milliseconds' })
  @Min(1)
  PLINTH_WEBHOOK_RETRY_MAX_MS?: number;

  @IsOptional()
  @IsInt({ message: 'PLINTH_WEBHOOK_DISABLE_AFTER_FAILURES must be a whole number' })
  @Min(1)
  PLINTH_WEBHOOK_DISABLE_AFTER_FAILURES?: number;

  @IsOptional()
  @IsInt({ message: 'PLINTH_WEBHOOK_DISABLE_AFTER_HOURS must be a whole number of hours' })
  @Min(0)
  PLINTH_WEBHOOK_DISABLE_AFTER_HOURS?: number;
}

/**
 * The webhook delivery worker (README, "Timeline and webhooks"): how often it looks for new events
 * and due retries, how much it sends at once, the retry schedule and when a failing subscription
 * is disabled.
 */
export interface WebhookSettings {
  /** `npm start` runs the worker unless PLINTH_WEBHOOK_WORKER=off (tests start it themselves). */
  readonly isWorkerEnabled: boolean;
  /** Longest wait before looking again for new events and due retries (NOTIFY wakes it sooner). */
  readonly pollMs: number;
  /** Deliveries one claim takes and sends at once. */
  readonly batchSize: number;
  /** Claim loops per process. */
  readonly concurrency: number;
  /** A receiver must answer within this; stays below the idle-in-transaction timeout. */
  readonly timeoutMs: number;
  /** Attempts before a delivery is parked. */
  readonly maxAttempts: number;
  /** Delay before the second attempt; each next one waits 4 times longer, up to retryMaxMs. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** A subscription is disabled once this many attempts in a row failed … */
  readonly disableAfterFailures: number;
  /** … and nothing succeeded for at least this long. */
  readonly disableAfterMs: number;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = Object.freeze({
  isWorkerEnabled: true,
  pollMs: 500,
  batchSize: 100,
  concurrency: 2,
  timeoutMs: 10_000,
  maxAttempts: 10,
  retryBaseMs: 10_000,
  retryMaxMs: 6 * 3_600_000,
  disableAfterFailures: 50,
  disableAfterMs: 72 * 3_600_000,
});

/**
 * Indexes that build themselves (README, "Indexes that build themselves"): a property filtered or
 * sorted on at least `minUses` times within `windowMs` (in one server process), on an object with
 * at least `minRecords` live records, gets a runtime index, at most `budget` of them per
 * organization (pinned ones not counted). Evaluated every `intervalMs`.
 */
export interface AutoIndexSettings {
  readonly isEnabled: boolean;
  readonly minUses: number;
  readonly windowMs: number;
  readonly minRecords: number;
  readonly budget: number;
  readonly intervalMs: number;
}

export const DEFAULT_AUTO_INDEX_SETTINGS: AutoIndexSettings = Object.freeze({
  isEnabled: true,
  minUses: 5,
  windowMs: 600_000,
  minRecords: 10_000,
  budget: 10,
  intervalMs: 5_000,
});

/**
 * How long the app's database work may take (milliseconds; 0 = no limit), so no request waits
 * forever: a statement, a lock wait, a transaction left idle, a wait for a pooled connection.
 */
export interface DatabaseLimits {
  readonly poolSize: number;
  readonly statementTimeoutMs: number;
  readonly lockTimeoutMs: number;
  readonly idleInTransactionTimeoutMs: number;
  readonly poolAcquireTimeoutMs: number;
  /**
   * Hot statements as named prepared statements (`DATABASE_PREPARED_STATEMENTS`, default on);
   * off for a pooler that cannot keep them (PgBouncer before 1.21 in transaction mode).
   */
  readonly preparedStatements?: boolean;
}

export const DEFAULT_DATABASE_LIMITS: DatabaseLimits = Object.freeze({
  poolSize: 20,
  statementTimeoutMs: 30_000,
  lockTimeoutMs: 10_000,
  idleInTransactionTimeoutMs: 60_000,
  poolAcquireTimeoutMs: 10_000,
});

export interface AppConfig {
  /** Set: use this database. Unset: start the embedded PostgreSQL in `dataDir`. */
  readonly databaseUrl: string | undefined;
  /**
   * Set: lists, searches and exports read from this database (a read replica, docs/scaling.md);
   * writes and the reads of a write stay on the primary. Unset: everything on the primary.
   */
  readonly databaseReadUrl: string | undefined;
  readonly port: number;
  /** Interface the HTTP server listens on; loopback unless the operator opens it. */
  readonly host: string;
  /** Server processes sharing the port (`PLINTH_WORKERS`; default: the machine's cores). */
  readonly workers: number;
  /**
   * This process's part: `single` (the only server process) and `lead` (the first worker) run the
   * first-run owner and the background jobs; a `follower` worker only serves requests.
   */
  readonly workerRole: 'single' | 'lead' | 'follower';
  /**
   * How far V8 lets a server process's heap grow past what the last full collection kept, in
   * percent (`PLINTH_HEAP_GROWING_PERCENT`; default 100: twice the live heap; 0: V8's own choice,
   * up to four times). Lower: less memory, more frequent collections.
   */
  readonly heapGrowingPercent: number;
  /** Origins (scheme://host[:port]) other sites may call the API from with credentials; none by default. */
  readonly corsOrigins: readonly string[];
  /** Where Plinth keeps local state (the embedded database's files); absolute. */
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  readonly database: DatabaseLimits;
  /** API requests one caller (see rateLimitKey) may make per minute, whichever worker serves it. */
  readonly rateLimitPerMinute: number;
  /** Organizations whose compiled definitions and association sides stay in memory (LRU). */
  readonly organizationCacheSize: number;
  /** A session unused this long ends (sliding: each use extends it). */
  readonly sessionTtlHours: number;
  /** Deleted records stay this long in the recycle bin, then the retention purge removes them. */
  readonly recycleBinDays: number;
  /** The largest CSV file an import accepts (413 beyond). */
  readonly importMaxBytes: number;
  /** HubSpot's search caps (5 filter groups, 6 filters each, a 10,000-result window) on /crm/v3/…/search. */
  readonly hubspotSearchCaps: boolean;
  /** The first run's owner (docs/architecture.md, "Access"); unset: admin@localhost. */
  readonly adminEmail: string | undefined;
  /** Unset: the first run generates one and prints it once. */
  readonly adminPassword: string | undefined;
  readonly webhooks: WebhookSettings;
  /** The country of phone numbers typed without a +country code, for matching them in E.164. */
  readonly phoneCountry: string;
  readonly autoIndexes: AutoIndexSettings;
}

/** Twice the live heap before a full collection (README, "Configuration"). */
export const DEFAULT_HEAP_GROWING_PERCENT = 100;

const NUMERIC_VARIABLES = [
  'PORT',
  'DATABASE_POOL_SIZE',
  'DATABASE_STATEMENT_TIMEOUT_MS',
  'DATABASE_LOCK_TIMEOUT_MS',
  'DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS',
  'DATABASE_POOL_ACQUIRE_TIMEOUT_MS',
  'PLINTH_WORKERS',
  'PLINTH_HEAP_GROWING_PERCENT',
  'PLINTH_RATE_LIMIT_PER_MINUTE',
  'PLINTH_ORGANIZATION_CACHE_SIZE',
  'PLINTH_SESSION_TTL_HOURS',
  'PLINTH_WEBHOOK_POLL_MS',
  'PLINTH_WEBHOOK_BATCH_SIZE',
  'PLINTH_WEBHOOK_CONCURRENCY',
  'PLINTH_WEBHOOK_TIMEOUT_MS',
  'PLINTH_WEBHOOK_MAX_ATTEMPTS',
  'PLINTH_WEBHOOK_RETRY_BASE_MS',
  'PLINTH_WEBHOOK_RETRY_MAX_MS',
  'PLINTH_WEBHOOK_DISABLE_AFTER_FAILURES',
  'PLINTH_WEBHOOK_DISABLE_AFTER_HOURS',
  'PLINTH_RECYCLE_BIN_DAYS',
  'PLINTH_IMPORT_MAX_MB',
  'PLINTH_AUTO_INDEX_MIN_USES',
  'PLINTH_AUTO_INDEX_WINDOW_SECONDS',
  'PLINTH_AUTO_INDEX_MIN_RECORDS',
  'PLINTH_AUTO_INDEX_BUDGET',
  'PLINTH_AUTO_INDEX_INTERVAL_SECONDS',
] as const;

/**
 * `PLINTH_DATA_DIR` as an absolute path: a relative one is taken from the project root, so every
 * command (`npm start`, `npm run seed`, the tests) finds the same database wherever it is run from.
 */
export function resolveDataDir(value: string | undefined, root: string): string {
  return resolve(root, value || '.plinth');
}

/**
 * `CORS_ORIGINS` as a list: comma-separated, blanks and a trailing slash dropped (a browser's
 * Origin header never has one). `*` is refused: credentials are allowed, so every origin must be named.
 */
export function parseCorsOrigins(value: string | undefined): string[] {
  const origins = (value ?? '')
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter((origin) => origin !== '');
  const invalid = origins.filter((origin) => !/^https?:\/\/[^/\s]+$/.test(origin));
  if (invalid.length > 0) {
    throw new Error(
      `Invalid configuration:\n- CORS_ORIGINS must list origins such as https://app.example.com (got ${invalid.join(', ')})`,
    );
  }
  return [...new Set(origins)];
}

/** Organizations whose definitions stay compiled in memory when `PLINTH_ORGANIZATION_CACHE_SIZE` is unset. */
export const DEFAULT_ORGANIZATION_CACHE_SIZE = 1000;

/** HubSpot's recycle bin keeps deleted records 90 days too. */
export const DEFAULT_RECYCLE_BIN_DAYS = 90;

/** A week: a session unused longer than this signs the browser out. */
export const DEFAULT_SESSION_TTL_HOURS = 168;

/** The import size limit when `PLINTH_IMPORT_MAX_MB` is unset. */
export const DEFAULT_IMPORT_MAX_MB = 200;

/** Parses the environment once; boot fails listing every invalid variable. */
export function loadAppConfig(
  env: NodeJS.ProcessEnv = process.env,
  root = projectRoot(),
): AppConfig {
  const raw: Record<string, unknown> = { ...env };
  for (const name of NUMERIC_VARIABLES) {
    const value = env[name];
    raw[name] = value === undefined || value === '' ? undefined : Number(value);
  }
  const parsed = plainToInstance(EnvDto, raw);
  const problems = validateSync(parsed, { skipMissingProperties: false }).flatMap((error) =>
    Object.values(error.constraints ?? {}),
  );
  if (problems.length > 0) {
    throw new Error(`Invalid configuration:\n- ${problems.join('\n- ')}`);
  }
  return Object.freeze({
    databaseUrl: parsed.DATABASE_URL || undefined,
    databaseReadUrl: parsed.DATABASE_READ_URL || undefined,
    port: parsed.PORT ?? 3000,
    host: parsed.HOST || '127.0.0.1',
    workers: parsed.PLINTH_WORKERS ?? availableParallelism(),
    workerRole: parsed.PLINTH_WORKER_ROLE ?? 'single',
    heapGrowingPercent: parsed.PLINTH_HEAP_GROWING_PERCENT ?? DEFAULT_HEAP_GROWING_PERCENT,
    corsOrigins: Object.freeze(parseCorsOrigins(parsed.CORS_ORIGINS)),
    dataDir: resolveDataDir(parsed.PLINTH_DATA_DIR, root),
    logLevel: parsed.LOG_LEVEL ?? 'log',
    database: Object.freeze({
      poolSize: parsed.DATABASE_POOL_SIZE ?? DEFAULT_DATABASE_LIMITS.poolSize,
      statementTimeoutMs:
        parsed.DATABASE_STATEMENT_TIMEOUT_MS ?? DEFAULT_DATABASE_LIMITS.statementTimeoutMs,
      lockTimeoutMs: parsed.DATABASE_LOCK_TIMEOUT_MS ?? DEFAULT_DATABASE_LIMITS.lockTimeoutMs,
      idleInTransactionTimeoutMs:
        parsed.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS ??
        DEFAULT_DATABASE_LIMITS.idleInTransactionTimeoutMs,
      poolAcquireTimeoutMs:
        parsed.DATABASE_POOL_ACQUIRE_TIMEOUT_MS ?? DEFAULT_DATABASE_LIMITS.poolAcquireTimeoutMs,
      preparedStatements: parsed.DATABASE_PREPARED_STATEMENTS !== 'off',
    }),
    rateLimitPerMinute: parsed.PLINTH_RATE_LIMIT_PER_MINUTE ?? 600,
    organizationCacheSize: parsed.PLINTH_ORGANIZATION_CACHE_SIZE ?? DEFAULT_ORGANIZATION_CACHE_SIZE,
    sessionTtlHours: parsed.PLINTH_SESSION_TTL_HOURS ?? DEFAULT_SESSION_TTL_HOURS,
    recycleBinDays: parsed.PLINTH_RECYCLE_BIN_DAYS ?? DEFAULT_RECYCLE_BIN_DAYS,
    importMaxBytes: (parsed.PLINTH_IMPORT_MAX_MB ?? DEFAULT_IMPORT_MAX_MB) * 1024 * 1024,
    hubspotSearchCaps: parsed.PLINTH_HUBSPOT_SEARCH_CAPS !== 'off',
    adminEmail: parsed.PLINTH_ADMIN_EMAIL || undefined,
    adminPassword: parsed.PLINTH_ADMIN_PASSWORD || undefined,
    webhooks: webhookSettings(parsed),
    phoneCountry: parsed.PLINTH_PHONE_COUNTRY || 'US',
    autoIndexes: autoIndexSettings(parsed),
  });
}

function autoIndexSettings(parsed: EnvDto): AutoIndexSettings {
  const defaults = DEFAULT_AUTO_INDEX_SETTINGS;
  const seconds = (value: number | undefined, fallback: number): number =>
    value === undefined ? fallback : value * 1000;
  return Object.freeze({
    isEnabled: parsed.PLINTH_AUTO_INDEXES !== 'off',
    minUses: parsed.PLINTH_AUTO_INDEX_MIN_USES ?? defaults.minUses,
    windowMs: seconds(parsed.PLINTH_AUTO_INDEX_WINDOW_SECONDS, defaults.windowMs),
    minRecords: parsed.PLINTH_AUTO_INDEX_MIN_RECORDS ?? defaults.minRecords,
    budget: parsed.PLINTH_AUTO_INDEX_BUDGET ?? defaults.budget,
    intervalMs: seconds(parsed.PLINTH_AUTO_INDEX_INTERVAL_SECONDS, defaults.intervalMs),
  });
}

function webhookSettings(parsed: EnvDto): WebhookSettings {
  const defaults = DEFAULT_WEBHOOK_SETTINGS;
  const hours = parsed.PLINTH_WEBHOOK_DISABLE_AFTER_HOURS;
  return Object.freeze({
    isWorkerEnabled: parsed.PLINTH_WEBHOOK_WORKER !== 'off',
    pollMs: parsed.PLINTH_WEBHOOK_POLL_MS ?? defaults.pollMs,
    batchSize: parsed.PLINTH_WEBHOOK_BATCH_SIZE ?? defaults.batchSize,
    concurrency: parsed.PLINTH_WEBHOOK_CONCURRENCY ?? defaults.concurrency,
    timeoutMs: parsed.PLINTH_WEBHOOK_TIMEOUT_MS ?? defaults.timeoutMs,
    maxAttempts: parsed.PLINTH_WEBHOOK_MAX_ATTEMPTS ?? defaults.maxAttempts,
    retryBaseMs: parsed.PLINTH_WEBHOOK_RETRY_BASE_MS ?? defaults.retryBaseMs,
    retryMaxMs: parsed.PLINTH_WEBHOOK_RETRY_MAX_MS ?? defaults.retryMaxMs,
    disableAfterFailures:
      parsed.PLINTH_WEBHOOK_DISABLE_AFTER_FAILURES ?? defaults.disableAfterFailures,
    disableAfterMs: hours === undefined ? defaults.disableAfterMs : hours * 3_600_000,
  });
}

/** The test database server, when the developer points tests at an existing one. */
export function testDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.TEST_DATABASE_URL || undefined;
}
