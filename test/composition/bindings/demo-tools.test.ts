import { ToolRegistry } from '../../../src/application/services/tool-registry.js';
import { buildContainer } from '../../../src/composition/container.js';
import { loadConfig } from '../../../src/composition/config/load-config.js';
import { isolatedSettings } from '../../support/isolated-env.js';
import { writeCatalogue } from '../../support/jobs.js';

const DEMO_TOOLS = ['count_primes', 'wait', 'guess_number'];

function toolNames(env: Record<string, string>): string[] {
  const container = buildContainer(loadConfig(isolatedSettings(env)));
  return container
    .get(ToolRegistry)
    .all()
    .map((tool) => tool.name);
}

const ownCatalogue = () =>
  writeCatalogue([{ name: 'build', description: 'Builds', command: 'node', args: ['--version'] }]);

describe('the demo tools binding', () => {
  it('serves the demo tools, ahead of the jobs, with the bundled catalogue', () => {
    const names = toolNames({});
    expect(names.slice(0, 3)).toEqual(DEMO_TOOLS);
    expect(names).toContain('countdown');
  });

  it('leaves them out with a catalogue of your own, unless asked for', () => {
    const file = ownCatalogue();
    expect(toolNames({ TASK_MCP_JOBS: file })).toEqual(['build']);
    expect(toolNames({ TASK_MCP_JOBS: file, TASK_MCP_DEMO_TOOLS: 'true' })).toEqual([
      ...DEMO_TOOLS,
      'build',
    ]);
  });

  it('leaves them out with the bundled catalogue when turned off', () => {
    expect(toolNames({ TASK_MCP_DEMO_TOOLS: 'false' })).not.toContain('wait');
  });
});
