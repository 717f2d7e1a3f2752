import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { MCP_PATH } from '../../adapters/http/streamable/mcp-route.js';
import { pathMatcher } from '../../adapters/http/path-patterns.js';
import { isLoopbackHost } from '../../adapters/net/loopback-host.js';
import { SETTING_HELP, SETTINGS } from './settings.js';
import { SECRET_SETTINGS } from './store-settings.js';

/*
 * Loads the configuration contract (settings.ts): TASK_MCP_* environment variables, optionally
 * also read from a JSON file named by TASK_MCP_CONFIG_FILE (same keys; the environment wins).
 * Every value is checked here; a bad one stops start-up with one line naming the variable and
 * what is allowed.
 */

const KNOWN = new Set<string>(Object.keys(SETTING_HELP));

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
    const shown = SECRET_SETTINGS.has(name)
      ? '(not shown: it may hold a password)'
      : JSON.stringify(merged[name]);
    throw new ConfigError(`${name}: invalid value ${shown}, expected ${issue?.message}`);
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
  checkAnonymousBind(config);
  checkStoreSettings(config, merged);
  checkTlsSettings(config);
  if (config.TASK_MCP_AUDIT_HASH_OWNERS && config.TASK_MCP_AUDIT_LOG === undefined) {
    throw new ConfigError(
      'TASK_MCP_AUDIT_HASH_OWNERS: set, but TASK_MCP_AUDIT_LOG is not; name where the audit log goes',
    );
  }
  return config;
}

/** A certificate needs its key and the other way round; both serve HTTP only. */
function checkTlsSettings(config: Config): void {
  const cert = config.TASK_MCP_TLS_CERT !== undefined;
  const key = config.TASK_MCP_TLS_KEY !== undefined;
  if (cert !== key) {
    const [set, missing] = cert
      ? ['TASK_MCP_TLS_CERT', 'TASK_MCP_TLS_KEY']
      : ['TASK_MCP_TLS_KEY', 'TASK_MCP_TLS_CERT'];
    throw new ConfigError(`${missing}: required with ${set}; give both PEM files to serve HTTPS`);
  }
  if (cert && config.TASK_MCP_TRANSPORT === 'stdio') {
    throw new ConfigError('TASK_MCP_TLS_CERT: TLS is for the http transport; stdio has no network');
  }
}

/** The database and replica settings mean something only with the PostgreSQL store. */
function checkStoreSettings(config: Config, merged: Record<string, string>): void {
  if (config.TASK_MCP_STORE === 'postgres') return;
  const stray = Object.keys(merged).find(
    (name) =>
      name.startsWith('TASK_MCP_DATABASE_') ||
      name === 'TASK_MCP_LEASE_MS' ||
      name === 'TASK_MCP_REPLICA_NAME',
  );
  if (stray) {
    throw new ConfigError(
      `${stray}: set, but TASK_MCP_STORE is not 'postgres'; set TASK_MCP_STORE=postgres to use the database`,
    );
  }
}

/** Without authentication every caller is the one owner `local`: that is for loopback only. */
function checkAnonymousBind(config: Config): void {
  if (
    config.TASK_MCP_TRANSPORT === 'http' &&
    config.TASK_MCP_AUTH_ISSUER === undefined &&
    !isLoopbackHost(config.TASK_MCP_HOST) &&
    !config.TASK_MCP_ALLOW_REMOTE_ANONYMOUS
  ) {
    throw new ConfigError(
      `TASK_MCP_HOST: ${config.TASK_MCP_HOST} is not loopback, and without authentication every caller would share one owner; bind 127.0.0.1 or set TASK_MCP_ALLOW_REMOTE_ANONYMOUS=true`,
    );
  }
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
