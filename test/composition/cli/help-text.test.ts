import { helpText } from '../../../src/composition/cli/help-text.js';
import { SETTING_HELP } from '../../../src/composition/config/settings.js';

describe('--help', () => {
  const text = helpText('9.8.7');
  const settingLine = (name: string) =>
    text.split('\n').find((line) => line.trim().startsWith(`${name} `));

  it('names the version and every command', () => {
    expect(text.split('\n')[0]).toBe('task-mcp 9.8.7: an MCP server whose tools run as tasks');
    for (const command of [
      'task-mcp check',
      'task-mcp migrate',
      'task-mcp --help',
      'task-mcp --version',
    ]) {
      expect(text).toContain(`  ${command} `);
    }
  });

  it('lists every setting once, with its summary and default', () => {
    for (const [name, help] of Object.entries(SETTING_HELP)) {
      const line = settingLine(name);
      expect(line).toContain(help.summary);
      expect(line).toMatch(/ \(default: .+\)$/);
    }
    expect(settingLine('TASK_MCP_PORT')).toMatch(/\(default: 3000\)$/);
    expect(settingLine('TASK_MCP_TRANSPORT')).toMatch(/\(default: http\)$/);
    expect(settingLine('TASK_MCP_AUTH_AUDIENCE')).toMatch(/\(default: unset\)$/);
    expect(settingLine('TASK_MCP_AUTH_TOOL_SCOPES')).toMatch(/\(default: none\)$/);
    expect(settingLine('TASK_MCP_TRUST_PROXY')).toMatch(/\(default: false\)$/);
    expect(settingLine('TASK_MCP_AUTH_ISSUER')).toMatch(/\(default: unset \(anonymous mode\)\)$/);
    expect(settingLine('TASK_MCP_CONFIG_FILE')).toMatch(/\(default: unset\)$/);
  });

  it('lines the summaries up in one column', () => {
    const columns = Object.keys(SETTING_HELP).map((name) => {
      const line = settingLine(name)!;
      return line.indexOf(SETTING_HELP[name as keyof typeof SETTING_HELP].summary);
    });
    expect(new Set(columns).size).toBe(1);
  });
});
