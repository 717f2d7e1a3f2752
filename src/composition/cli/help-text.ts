import { SETTING_HELP, SETTINGS, type SettingName } from '../config/settings.js';

/** `task-mcp --help`: usage, then every TASK_MCP_* variable with its default and one line. */
export function helpText(version: string): string {
  const names = Object.keys(SETTING_HELP) as SettingName[];
  const width = Math.max(...names.map((name) => name.length));
  const settings = names.map((name) => {
    const help = SETTING_HELP[name];
    return `  ${name.padEnd(width)}  ${help.summary} (default: ${help.shownDefault ?? defaultOf(name)})`;
  });
  return [
    `task-mcp ${version}: an MCP server whose tools run as tasks`,
    '',
    'Usage:',
    '  task-mcp            serve MCP (Streamable HTTP on 127.0.0.1:3000, or stdio)',
    '  task-mcp check      check the configuration and the job catalogue, say what would be',
    '                      served, and exit without binding anything',
    '  task-mcp migrate    apply pending PostgreSQL schema migrations and exit',
    '  task-mcp --help     this text',
    '  task-mcp --version  the version',
    '',
    'Configuration comes from the environment (or TASK_MCP_CONFIG_FILE); a bad value stops',
    'start-up with one line naming the variable. Exit codes: 0 done or stopped cleanly,',
    '1 failed or stopped after the shutdown grace ran out, 2 bad configuration or usage.',
    'Ctrl-C or SIGTERM stops gracefully; a second one exits at once.',
    '',
    'Settings:',
    ...settings,
    '',
  ].join('\n');
}

function defaultOf(name: SettingName): string {
  if (name === 'TASK_MCP_CONFIG_FILE') return 'unset';
  const parsed = SETTINGS[name].safeParse(undefined);
  const value: unknown = parsed.success ? parsed.data : undefined;
  if (value === undefined) return 'unset';
  if (Array.isArray(value)) return value.join(' ');
  if (typeof value === 'object' && value !== null) return 'none';
  return String(value);
}
