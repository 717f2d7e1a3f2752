/** Passed through when a job does not list its own: enough to find programs and speak a locale. */
export const DEFAULT_PASSED_ENV = ['PATH', 'LANG', 'LC_ALL', 'TZ'] as const;

export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/**
 * Names that hold secrets by convention. A job may neither pass nor set one: tokens, passwords
 * and keys never reach a child process, whatever the catalogue says. Also this server's own
 * settings (TASK_MCP_*).
 */
const SECRET_NAME =
  /TOKEN|SECRET|PASSW(OR)?D|PASSPHRASE|CREDENTIAL|PRIVATE|API_?KEY|ACCESS_?KEY|(^|_)KEY($|_)|AUTH|COOKIE|SESSION|^TASK_MCP_/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * A child's whole environment: the allowed names copied from `from` (when set there), then the
 * catalogue's fixed values. Nothing else of the server's environment is inherited.
 */
export function childEnvironment(
  pass: readonly string[],
  set: Readonly<Record<string, string>>,
  from: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of pass) {
    const value = from[name];
    if (value !== undefined && !isSecretName(name)) env[name] = value;
  }
  for (const [name, value] of Object.entries(set)) {
    if (!isSecretName(name)) env[name] = value;
  }
  return env;
}
