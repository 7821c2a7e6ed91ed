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
  @IsString()
  PLINTH_ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  PLINTH_ADMIN_PASSWORD?: string;

  @IsOptional()
  @IsIn(['on', 'off'], { message: 'PLINTH_HUBSPOT_SEARCH_CAPS must be on or off' })
  PLINTH_HUBSPOT_SEARCH_CAPS?: 'on' | 'off';

  @IsOptional()
  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL?: LogLevel;
}

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
  readonly port: number;
  /** Interface the HTTP server listens on; loopback unless the operator opens it. */
  readonly host: string;
  /** Origins (scheme://host[:port]) other sites may call the API from with credentials; none by default. */
  readonly corsOrigins: readonly string[];
  /** Where Plinth keeps local state (the embedded database's files); absolute. */
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  readonly database: DatabaseLimits;
  /** API requests one caller (see rateLimitKey) may make per minute in one server process. */
  readonly rateLimitPerMinute: number;
  /** Organizations whose compiled definitions and association sides stay in memory (LRU). */
  readonly organizationCacheSize: number;
  /** A session unused this long ends (sliding: each use extends it). */
  readonly sessionTtlHours: number;
  /** HubSpot's search caps (5 filter groups, 6 filters each, a 10,000-result window) on /crm/v3/…/search. */
  readonly hubspotSearchCaps: boolean;
  /** The first run's owner (docs/architecture.md, "Access"); unset: admin@localhost. */
  readonly adminEmail: string | undefined;
  /** Unset: the first run generates one and prints it once. */
  readonly adminPassword: string | undefined;
}

const NUMERIC_VARIABLES = [
  'PORT',
  'DATABASE_POOL_SIZE',
  'DATABASE_STATEMENT_TIMEOUT_MS',
  'DATABASE_LOCK_TIMEOUT_MS',
  'DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS',
  'DATABASE_POOL_ACQUIRE_TIMEOUT_MS',
  'PLINTH_RATE_LIMIT_PER_MINUTE',
  'PLINTH_ORGANIZATION_CACHE_SIZE',
  'PLINTH_SESSION_TTL_HOURS',
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

/** A week: a session unused longer than this signs the browser out. */
export const DEFAULT_SESSION_TTL_HOURS = 168;

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
    port: parsed.PORT ?? 3000,
    host: parsed.HOST || '127.0.0.1',
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
    }),
    rateLimitPerMinute: parsed.PLINTH_RATE_LIMIT_PER_MINUTE ?? 600,
    organizationCacheSize: parsed.PLINTH_ORGANIZATION_CACHE_SIZE ?? DEFAULT_ORGANIZATION_CACHE_SIZE,
    sessionTtlHours: parsed.PLINTH_SESSION_TTL_HOURS ?? DEFAULT_SESSION_TTL_HOURS,
    hubspotSearchCaps: parsed.PLINTH_HUBSPOT_SEARCH_CAPS !== 'off',
    adminEmail: parsed.PLINTH_ADMIN_EMAIL || undefined,
    adminPassword: parsed.PLINTH_ADMIN_PASSWORD || undefined,
  });
}

/** The test database server, when the developer points tests at an existing one. */
export function testDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.TEST_DATABASE_URL || undefined;
}
