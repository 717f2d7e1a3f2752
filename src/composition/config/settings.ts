import { z } from 'zod';
import { AUTH_SETTINGS } from './auth-settings.js';
import { STORE_SETTINGS } from './store-settings.js';
import { OPERATIONS_SETTINGS } from './operations-settings.js';
import { DAY_MS, flag, integer } from './config-values.js';

/*
 * The public configuration contract: every TASK_MCP_* variable, its parser and default. Each is
 * explained in SETTING_HELP below, which `task-mcp --help` prints and the README repeats.
 */

export const CORE_SETTINGS = {
  TASK_MCP_TRANSPORT: z.enum(['http', 'stdio'], { error: "'http' or 'stdio'" }).default('http'),
  TASK_MCP_HOST: z
    .string()
    .trim()
    .min(1, { error: 'a host name or IP address' })
    .default('127.0.0.1'),
  TASK_MCP_PORT: integer(0, 65535).default(3000),
  TASK_MCP_HTTP_MODE: z
    .enum(['session', 'stateless'], { error: "'session' or 'stateless'" })
    .default('session'),
  TASK_MCP_ALLOW_REMOTE_ANONYMOUS: flag.default(false),
  TASK_MCP_MAX_TASKS_PER_OWNER: integer(1, 1_000_000).default(100),
  TASK_MCP_MAX_CONCURRENT_TASKS_PER_OWNER: integer(1, 100_000).default(10),
  TASK_MCP_DEFAULT_TTL_MS: integer(1000, 30 * DAY_MS).default(3_600_000),
  TASK_MCP_MAX_TTL_MS: integer(1000, 30 * DAY_MS).default(DAY_MS),
  TASK_MCP_POLL_INTERVAL_MS: integer(100, 3_600_000).default(1000),
  TASK_MCP_CLEANUP_INTERVAL_MS: integer(100, DAY_MS).default(60_000),
  TASK_MCP_MAX_JOB_PROCESSES: integer(1, 100_000).default(32),
  TASK_MCP_MAX_VARIABLE_BYTES: integer(1024, 64 * 1024 * 1024).default(1024 * 1024),
  TASK_MCP_MAX_VARIABLE_DEPTH: integer(1, 100).default(10),
  TASK_MCP_MAX_STRING_BYTES: integer(16, 64 * 1024 * 1024).default(64 * 1024),
  TASK_MCP_MAX_RESULT_BYTES: integer(1024, 256 * 1024 * 1024).default(4 * 1024 * 1024),
  TASK_MCP_MAX_BODY_BYTES: integer(1024, 256 * 1024 * 1024).default(4 * 1024 * 1024),
  TASK_MCP_REQUEST_TIMEOUT_MS: integer(100, 3_600_000).default(30_000),
  TASK_MCP_LIST_PAGE_SIZE: integer(1, 1000).default(50),
  TASK_MCP_REQUEST_STATE_TTL_MS: integer(1000, 3_600_000).default(600_000),
  TASK_MCP_SESSION_IDLE_MS: integer(1000, DAY_MS).default(1_800_000),
  TASK_MCP_MAX_SESSIONS: integer(1, 1_000_000).default(1000),
  TASK_MCP_MAX_SESSIONS_PER_OWNER: integer(1, 1_000_000).default(100),
  TASK_MCP_MAX_LISTENS: integer(1, 1_000_000).default(10_000),
  TASK_MCP_MAX_LISTENS_PER_OWNER: integer(1, 1_000_000).default(100),
  TASK_MCP_SHUTDOWN_GRACE_MS: integer(100, 600_000).default(10_000),
  TASK_MCP_LOG_LEVEL: z
    .enum(['debug', 'info', 'warn', 'error', 'silent'], {
      error: "'debug', 'info', 'warn', 'error' or 'silent'",
    })
    .default('info'),
  TASK_MCP_JOBS: z
    .string()
    .trim()
    .min(1, { error: 'a path to a job catalogue file (JSON, or YAML as .yaml/.yml)' })
    .optional(),
  TASK_MCP_DEMO_TOOLS: flag.optional(),
  TASK_MCP_STATE_DIR: z
    .string()
    .trim()
    .refine((path) => path.startsWith('/'), { error: 'an absolute directory path' })
    .optional(),
  TASK_MCP_TASKLESS_CLIENTS: z
    .enum(['off', 'handles'], { error: "'off' or 'handles'" })
    .default('off'),
};

export const SETTINGS = {
  ...CORE_SETTINGS,
  ...STORE_SETTINGS,
  ...AUTH_SETTINGS,
  ...OPERATIONS_SETTINGS,
};

export type SettingName = keyof typeof SETTINGS | 'TASK_MCP_CONFIG_FILE';

export interface SettingHelp {
  /** One line: what the setting does. */
  readonly summary: string;
  /** What the default is, where it is not a plain value (derived, or "unset"). */
  readonly shownDefault?: string;
}

/** One line per setting, for `task-mcp --help`; the type makes a new setting without one fail. */
export const SETTING_HELP: Record<SettingName, SettingHelp> = {
  TASK_MCP_CONFIG_FILE: {
    summary: 'a JSON file of TASK_MCP_* settings; the environment wins over it',
    shownDefault: 'unset',
  },
  TASK_MCP_TRANSPORT: { summary: "'http' (Streamable HTTP) or 'stdio'" },
  TASK_MCP_HOST: { summary: 'the address HTTP binds; anonymous mode needs a loopback one' },
  TASK_MCP_PORT: { summary: 'the HTTP port; 0 picks a free one (the banner prints the URL)' },
  TASK_MCP_HTTP_MODE: {
    summary: "'session' (Mcp-Session-Id, status notifications) or 'stateless'",
  },
  TASK_MCP_ALLOW_REMOTE_ANONYMOUS: {
    summary: 'allow a non-loopback bind without authentication (every caller is one owner)',
  },
  TASK_MCP_MAX_TASKS_PER_OWNER: {
    summary: 'stored tasks per owner; past it tools/call is refused',
  },
  TASK_MCP_MAX_CONCURRENT_TASKS_PER_OWNER: { summary: 'unfinished tasks per owner' },
  TASK_MCP_DEFAULT_TTL_MS: { summary: 'ttl of a task whose client asks for none' },
  TASK_MCP_MAX_TTL_MS: { summary: 'the longest ttl a client may ask for (longer is refused)' },
  TASK_MCP_POLL_INTERVAL_MS: { summary: 'the pollInterval suggested to clients' },
  TASK_MCP_CLEANUP_INTERVAL_MS: {
    summary: 'how often expired tasks are deleted and idle sessions closed',
  },
  TASK_MCP_MAX_JOB_PROCESSES: {
    summary: 'job processes running at once, all owners together; past it a call is refused',
  },
  TASK_MCP_MAX_VARIABLE_BYTES: { summary: "a task's arguments, in all" },
  TASK_MCP_MAX_VARIABLE_DEPTH: { summary: "nesting depth of a task's arguments" },
  TASK_MCP_MAX_STRING_BYTES: { summary: 'one string in the arguments' },
  TASK_MCP_MAX_RESULT_BYTES: { summary: "a tool's result; a larger one fails the task" },
  TASK_MCP_MAX_BODY_BYTES: { summary: 'an HTTP request body; a larger one gets 413' },
  TASK_MCP_REQUEST_TIMEOUT_MS: {
    summary: "the longest a request's headers and body may take to arrive; past it: 408",
  },
  TASK_MCP_LIST_PAGE_SIZE: { summary: 'tasks per tasks/list page' },
  TASK_MCP_REQUEST_STATE_TTL_MS: {
    summary: "how long a 2026-07-28 inline call's requestState may be echoed (multi round-trip)",
  },
  TASK_MCP_SESSION_IDLE_MS: { summary: 'an HTTP session unused this long is closed' },
  TASK_MCP_MAX_SESSIONS: {
    summary: 'open HTTP sessions, all owners together; past it initialize gets 503',
  },
  TASK_MCP_MAX_SESSIONS_PER_OWNER: {
    summary: 'open HTTP sessions of one owner; past it initialize gets 429',
  },
  TASK_MCP_MAX_LISTENS: {
    summary: 'open 2026-07-28 subscriptions/listen streams, all owners together (-32007 past it)',
  },
  TASK_MCP_MAX_LISTENS_PER_OWNER: {
    summary: 'open subscriptions/listen streams of one owner (-32000 past it)',
  },
  TASK_MCP_SHUTDOWN_GRACE_MS: {
    summary: 'the longest a stop may take before the server exits regardless',
  },
  TASK_MCP_LOG_LEVEL: {
    summary: "'debug', 'info', 'warn', 'error' or 'silent' (JSON lines on stderr)",
  },
  TASK_MCP_JOBS: {
    summary: 'the job catalogue (JSON, or YAML as .yaml/.yml)',
    shownDefault: 'the bundled catalogue/example.json',
  },
  TASK_MCP_DEMO_TOOLS: {
    summary: 'serve the count_primes and wait demo tools',
    shownDefault: 'true with the bundled catalogue, else false',
  },
  TASK_MCP_STATE_DIR: {
    summary: "where a catalogue's default sandbox and workspaces live",
    shownDefault: '$TMPDIR/task-mcp-<uid>',
  },
  TASK_MCP_TASKLESS_CLIENTS: {
    summary:
      "'handles': a call without a task answers a task id at once; task_status/result/cancel/list",
  },
  TASK_MCP_STORE: {
    summary: "'memory' (one process, nothing kept) or 'postgres' (durable, shared by replicas)",
  },
  TASK_MCP_DATABASE_URL: {
    summary: 'the PostgreSQL database, postgres://user:pass@host:5432/db',
    shownDefault: "unset: pg's PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE",
  },
  TASK_MCP_DATABASE_POOL_SIZE: { summary: 'connections per replica (plus one that listens)' },
  TASK_MCP_DATABASE_STATEMENT_TIMEOUT_MS: {
    summary: 'the longest a query, or getting a connection, may take before the request fails',
  },
  TASK_MCP_DATABASE_MIGRATE: {
    summary: "apply pending migrations at start-up; 'false' refuses an unmigrated database",
  },
  TASK_MCP_LEASE_MS: {
    summary:
      "how long a replica's hold on a running task lasts; a dead replica's tasks fail after it",
  },
  TASK_MCP_REPLICA_NAME: {
    summary: "this replica's stable name; a restart ends the tasks its earlier life left running",
    shownDefault: '<hostname>:<port> (stdio: <hostname>:stdio:<pid>)',
  },
  TASK_MCP_AUTH_ISSUER: {
    summary: 'the OAuth issuer URL; setting it turns authentication on',
    shownDefault: 'unset (anonymous mode)',
  },
  TASK_MCP_AUTH_AUDIENCE: {
    summary: "this server's resource URL, required in tokens' aud (needed with an issuer)",
    shownDefault: 'unset',
  },
  TASK_MCP_AUTH_JWKS_URL: {
    summary: "the issuer's key set",
    shownDefault: "from the issuer's metadata",
  },
  TASK_MCP_AUTH_ALGORITHMS: { summary: 'accepted JWS algorithms (asymmetric only)' },
  TASK_MCP_AUTH_CLOCK_TOLERANCE_S: { summary: 'leeway for exp and nbf, in seconds' },
  TASK_MCP_AUTH_REQUIRE_AT_JWT: { summary: 'require typ at+jwt (RFC 9068 access tokens)' },
  TASK_MCP_AUTH_JWKS_MAX_AGE_MS: { summary: 'how long a fetched key set is used' },
  TASK_MCP_AUTH_JWKS_COOLDOWN_MS: { summary: 'the least time between refetches for unknown kids' },
  TASK_MCP_AUTH_JWKS_TIMEOUT_MS: { summary: 'timeout of one metadata or key set fetch' },
  TASK_MCP_AUTH_JWKS_STALE_MS: {
    summary: 'how long an expired key set may serve while the issuer is down',
  },
  TASK_MCP_AUTH_TOKEN_CACHE_SIZE: { summary: 'verified tokens kept (0 turns the cache off)' },
  TASK_MCP_AUTH_SCOPE_READ: { summary: "scopes for tasks/get, result and list ('none': none)" },
  TASK_MCP_AUTH_SCOPE_CALL: { summary: "scopes for tools/call ('none': none)" },
  TASK_MCP_AUTH_SCOPE_CANCEL: { summary: "scopes for tasks/cancel ('none': none)" },
  TASK_MCP_AUTH_TOOL_SCOPES: {
    summary: "extra scopes per tool, as 'tool=scope' pairs",
    shownDefault: 'none',
  },
  TASK_MCP_AUTH_EXEMPT_PATHS: { summary: 'paths served without a token' },
  TASK_MCP_RATE_REQUESTS_PER_SECOND: {
    summary: 'requests per second per owner; past it and the burst: 429 (0: off)',
    shownDefault: '50 with authentication, else 0',
  },
  TASK_MCP_RATE_BURST: {
    summary: 'requests over the per-second rate an owner may make in any 10 s',
    shownDefault: '100 with authentication, else 0',
  },
  TASK_MCP_RATE_CREATES_PER_MINUTE: {
    summary: 'tools/call (task creations) per minute per owner (0: off)',
    shownDefault: '300 with authentication, else 0',
  },
  TASK_MCP_RATE_IP_PER_SECOND: {
    summary: 'requests per second per client address, counted before authentication (0: off)',
    shownDefault: '500 with authentication, else 0',
  },
  TASK_MCP_TLS_CERT: {
    summary: 'serve HTTPS with this certificate chain (PEM); needs TASK_MCP_TLS_KEY',
    shownDefault: 'unset (plain HTTP)',
  },
  TASK_MCP_TLS_KEY: {
    summary: "the certificate's private key (PEM); needs TASK_MCP_TLS_CERT",
    shownDefault: 'unset',
  },
  TASK_MCP_TRUST_PROXY: {
    summary: 'trust X-Forwarded-For/-Proto from a TLS-terminating proxy in front',
  },
  TASK_MCP_AUDIT_LOG: {
    summary: "where security events go as JSON lines: 'stderr' or an absolute file path",
    shownDefault: 'unset (off)',
  },
  TASK_MCP_AUDIT_HASH_OWNERS: {
    summary: 'write owners in the audit log as keyed hashes instead of their keys',
  },
  TASK_MCP_METRICS_TOKEN: {
    summary: 'the bearer token /metrics wants; without one it answers loopback clients only',
    shownDefault: 'unset',
  },
};
