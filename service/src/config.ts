import { hostname } from "node:os";
import path from "node:path";
import { readFileSync } from "node:fs";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

/** Where the database comes from: an external server, or an embedded one we start ourselves. */
export type DbTarget =
  | { kind: "external"; connectionString?: string; host?: string; port?: number; database?: string; user?: string; password?: string }
  | { kind: "embedded"; dataDir: string; port: number };

export interface ChaosConfig {
  enabled: boolean;
  /** Share of requests (0..1) that get extra latency. */
  latencyRate: number;
  /** Upper bound of the injected latency; the delay is uniform in [latencyMs/4, latencyMs]. */
  latencyMs: number;
  /** Share of requests (0..1) answered with a 500 before reaching the handler. */
  failureRate: number;
}

/** The optional direct shipper (logging/cloudwatch-shipper.ts), on when CLOUDWATCH_LOG_GROUP is set. */
export interface CloudWatchConfig {
  logGroup: string;
  logStream: string;
  endpoint?: string;
  region?: string;
}

export interface Config {
  host: string;
  port: number;
  db: DbTarget;
  dbPoolMax: number;
  /** How long a request may wait for a pooled connection before it fails. */
  dbConnectTimeoutMs: number;
  /** How long one statement may run (Postgres cancels it), and then wait for any answer (a frozen server). */
  dbQueryTimeoutMs: number;
  logLevel: LogLevel;
  logFile?: string;
  cloudwatch?: CloudWatchConfig;
  chaos: ChaosConfig;
  shutdownTimeoutMs: number;
  service: string;
  instance: string;
  version: string;
}

/** A configuration value that cannot be used; the message names the variable and the fix. */
export class ConfigError extends Error {
  constructor(readonly variable: string, detail: string) {
    super(`invalid ${variable}: ${detail}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

function str(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === "" ? undefined : v.trim();
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(name, `expected an integer between ${min} and ${max}, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `expected an integer between ${min} and ${max}, got ${n}`);
  return n;
}

function ratio(env: Env, name: string, fallback: number): number {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new ConfigError(name, `expected a number between 0 and 1, got "${raw}"`);
  return n;
}

function bool(env: Env, name: string): boolean | undefined {
  const raw = str(env, name)?.toLowerCase();
  if (raw === undefined) return undefined;
  if (["1", "true", "on", "yes"].includes(raw)) return true;
  if (["0", "false", "off", "no"].includes(raw)) return false;
  throw new ConfigError(name, `expected on/off (or true/false, 1/0), got "${raw}"`);
}

const LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error", "silent"];

function logLevel(env: Env): LogLevel {
  // LOG_LEVEL wins; LOGLEVEL is the seed workshop's spelling, accepted as-is (e.g. "DEBUG").
  const name = str(env, "LOG_LEVEL") !== undefined ? "LOG_LEVEL" : "LOGLEVEL";
  const raw = str(env, name)?.toLowerCase();
  if (raw === undefined) return "info";
  const level = raw === "warning" ? "warn" : raw;
  if (!(LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError(name, `expected one of ${LEVELS.join(", ")}, got "${raw}"`);
  }
  return level as LogLevel;
}

function dbTarget(env: Env, baseDir: string): DbTarget {
  const url = str(env, "DATABASE_URL");
  if (url !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      // Never echo the value: it may hold a password.
      throw new ConfigError("DATABASE_URL", "expected a postgres:// or postgresql:// URL");
    }
    return { kind: "external", connectionString: url };
  }
  // DB_* is what the AWS deployment injects (host + secrets); PG* is libpq's convention.
  const host = str(env, "DB_HOST") ?? str(env, "PGHOST");
  if (host !== undefined) {
    const portName = str(env, "DB_PORT") !== undefined ? "DB_PORT" : "PGPORT";
    return {
      kind: "external",
      host,
      port: int(env, portName, 5432, 1, 65535),
      database: str(env, "DB_NAME") ?? str(env, "PGDATABASE"),
      user: str(env, "DB_USER") ?? str(env, "PGUSER"),
      password: env.DB_PASSWORD ?? env.PGPASSWORD,
    };
  }
  const dir = str(env, "EMBEDDED_PG_DIR");
  return {
    kind: "embedded",
    dataDir: path.resolve(baseDir, dir ?? path.join(".tolog", "pg")),
    port: int(env, "EMBEDDED_PG_PORT", 0, 0, 65535),
  };
}

function instanceName(env: Env): string {
  const explicit = str(env, "INSTANCE_ID");
  if (explicit !== undefined) return explicit;
  // On ECS the metadata URI ends in "<task id>-<container id>".
  const meta = str(env, "ECS_CONTAINER_METADATA_URI_V4");
  if (meta !== undefined) {
    const last = meta.split("/").pop() ?? "";
    const task = last.split("-")[0];
    if (task) return task;
  }
  return hostname();
}

function packageVersion(): string {
  // Compiled: dist/service/src/config.js; from source (tests): service/src/config.ts.
  for (const rel of ["../../../service/package.json", "../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "@tolog/taskoverflow" && pkg.version) return pkg.version;
    } catch {
      // try the next layout
    }
  }
  return "0.0.0";
}

function version(env: Env): string {
  const explicit = str(env, "SERVICE_VERSION");
  if (explicit !== undefined) return explicit;
  const commit = str(env, "GIT_COMMIT");
  return commit ? `${packageVersion()}+${commit.slice(0, 12)}` : packageVersion();
}

function cloudwatch(env: Env, instance: string): CloudWatchConfig | undefined {
  const logGroup = str(env, "CLOUDWATCH_LOG_GROUP");
  if (logGroup === undefined) return undefined;
  if (!/^[.\-_/#A-Za-z0-9]{1,512}$/.test(logGroup)) {
    throw new ConfigError("CLOUDWATCH_LOG_GROUP", "expected 1-512 of A-Z a-z 0-9 . - _ / #");
  }
  // Credentials come from the AWS SDK's own chain; the endpoint and region are read here so
  // that the whole configuration stays visible in one place.
  const endpoint = str(env, "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS") ?? str(env, "AWS_ENDPOINT_URL");
  const region = str(env, "AWS_REGION") ?? str(env, "AWS_DEFAULT_REGION");
  return {
    logGroup,
    logStream: str(env, "CLOUDWATCH_LOG_STREAM") ?? instance,
    ...(endpoint !== undefined ? { endpoint } : {}),
    ...(region !== undefined ? { region } : {}),
  };
}

/**
 * Reads and validates the environment once, at start. A bad value throws a ConfigError that
 * names the variable; nothing else in the service reads process.env.
 */
export function loadConfig(env: Env = process.env): Config {
  // `npm start -w service` runs in service/; INIT_CWD is where the user typed the command.
  const baseDir = str(env, "INIT_CWD") ?? process.cwd();
  const chaosOn = bool(env, "CHAOS_MODE") ?? bool(env, "CHAOSMODE") ?? false;
  const logFile = str(env, "LOG_FILE");
  const instance = instanceName(env);
  return {
    // Loopback unless told: on a laptop the API (no authentication) stays private. The container
    // image and the AWS deployment set HOST=0.0.0.0.
    host: str(env, "HOST") ?? "127.0.0.1",
    port: int(env, "PORT", 6400, 0, 65535),
    db: dbTarget(env, baseDir),
    dbPoolMax: int(env, "DB_POOL_MAX", 10, 1, 1000),
    dbConnectTimeoutMs: int(env, "DB_CONNECT_TIMEOUT_MS", 5000, 100, 600_000),
    dbQueryTimeoutMs: int(env, "DB_QUERY_TIMEOUT_MS", 10_000, 100, 600_000),
    logLevel: logLevel(env),
    logFile: logFile === undefined ? undefined : path.resolve(baseDir, logFile),
    cloudwatch: cloudwatch(env, instance),
    chaos: {
      enabled: chaosOn,
      latencyRate: ratio(env, "CHAOS_LATENCY_RATE", 0.2),
      latencyMs: int(env, "CHAOS_LATENCY_MS", 3000, 1, 600_000),
      failureRate: ratio(env, "CHAOS_FAILURE_RATE", 0.05),
    },
    shutdownTimeoutMs: int(env, "SHUTDOWN_TIMEOUT_MS", 10_000, 0, 600_000),
    service: "taskoverflow",
    instance,
    version: version(env),
  };
}
