import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { MCP_PATH } from './adapters/http/mcp-http-server.js';
import { pathMatcher } from './adapters/http/path-patterns.js';
import { AUTH_SETTINGS } from './auth-settings.js';
import { DAY_MS, flag, integer } from './config-values.js';

/*
 * The public configuration contract: TASK_MCP_* environment variables, optionally also read from a
 * JSON file named by TASK_MCP_CONFIG_FILE (same keys; the environment wins). Every value is
 * checked here; a bad one stops start-up with one line naming the variable and what is allowed.
 */

const SETTINGS = {
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
  TASK_MCP_MAX_VARIABLE_BYTES: integer(1024, 64 * 1024 * 1024).default(1024 * 1024),
  TASK_MCP_MAX_VARIABLE_DEPTH: integer(1, 100).default(10),
  TASK_MCP_MAX_STRING_BYTES: integer(16, 64 * 1024 * 1024).default(64 * 1024),
  TASK_MCP_MAX_RESULT_BYTES: integer(1024, 256 * 1024 * 1024).default(4 * 1024 * 1024),
  TASK_MCP_MAX_BODY_BYTES: integer(1024, 256 * 1024 * 1024).default(4 * 1024 * 1024),
  TASK_MCP_LIST_PAGE_SIZE: integer(1, 1000).default(50),
  TASK_MCP_SESSION_IDLE_MS: integer(1000, DAY_MS).default(1_800_000),
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
  ...AUTH_SETTINGS,
};

export type SettingName = keyof typeof SETTINGS | 'TASK_MCP_CONFIG_FILE';
const KNOWN = new Set<string>([...Object.keys(SETTINGS), 'TASK_MCP_CONFIG_FILE']);

const ConfigSchema = z.object(SETTINGS);
export type Config = z.output<typeof ConfigSchema>;

/** A configuration problem, already phrased as the one line start-up prints. */
export class ConfigError extends Error {}

export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const fromFile = env.TASK_MCP_CONFIG_FILE ? readConfigFile(env.TASK_MCP_CONFIG_FILE) : {};
  const merged: Record<string, string> = { ...fromFile };
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith('TASK_MCP_') && value !== undefined && value !== '') merged[name] = value;
  }
  for (const name of Object.keys(merged)) {
    if (!KNOWN.has(name))
      throw new ConfigError(`${name}: unknown setting (see the README for the list)`);
  }
  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'configuration');
    throw new ConfigError(
      `${name}: invalid value ${JSON.stringify(merged[name])}, expected ${issue?.message}`,
    );
  }
  const config = parsed.data;
  if (config.TASK_MCP_DEFAULT_TTL_MS > config.TASK_MCP_MAX_TTL_MS) {
    throw new ConfigError(
      `TASK_MCP_DEFAULT_TTL_MS: ${config.TASK_MCP_DEFAULT_TTL_MS} is above TASK_MCP_MAX_TTL_MS (${config.TASK_MCP_MAX_TTL_MS})`,
    );
  }
  if (config.TASK_MCP_MAX_CONCURRENT_TASKS_PER_OWNER > config.TASK_MCP_MAX_TASKS_PER_OWNER) {
    throw new ConfigError(
      `TASK_MCP_MAX_CONCURRENT_TASKS_PER_OWNER: ${config.TASK_MCP_MAX_CONCURRENT_TASKS_PER_OWNER} is above TASK_MCP_MAX_TASKS_PER_OWNER (${config.TASK_MCP_MAX_TASKS_PER_OWNER})`,
    );
  }
  checkAuthSettings(config, merged);
  return config;
}

/** Authentication is on exactly when an issuer is set; half a setup fails instead of opening up. */
function checkAuthSettings(config: Config, merged: Record<string, string>): void {
  if (config.TASK_MCP_AUTH_ISSUER === undefined) {
    const stray = Object.keys(merged).find((name) => name.startsWith('TASK_MCP_AUTH_'));
    if (stray) {
      throw new ConfigError(
        `${stray}: set, but TASK_MCP_AUTH_ISSUER is not; set the issuer to turn authentication on`,
      );
    }
    return;
  }
  if (config.TASK_MCP_AUTH_AUDIENCE === undefined) {
    throw new ConfigError(
      "TASK_MCP_AUTH_AUDIENCE: required with TASK_MCP_AUTH_ISSUER; give this server's resource URL, e.g. https://mcp.example.com/mcp",
    );
  }
  if (config.TASK_MCP_TRANSPORT === 'stdio') {
    throw new ConfigError(
      'TASK_MCP_AUTH_ISSUER: bearer tokens need the http transport; stdio serves one local user',
    );
  }
  if (pathMatcher(config.TASK_MCP_AUTH_EXEMPT_PATHS)(MCP_PATH)) {
    throw new ConfigError(
      `TASK_MCP_AUTH_EXEMPT_PATHS: the patterns cover the MCP endpoint ${MCP_PATH}, which must stay protected`,
    );
  }
}

function readConfigFile(path: string): Record<string, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'not valid JSON' : 'cannot be read';
    throw new ConfigError(`TASK_MCP_CONFIG_FILE: the file ${reason}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError('TASK_MCP_CONFIG_FILE: expected a JSON object of TASK_MCP_* settings');
  }
  const settings: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new ConfigError(`${name}: the config file must give a string, number or boolean`);
    }
    settings[name] = String(value);
  }
  return settings;
}
