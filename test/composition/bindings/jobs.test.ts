import {
  CatalogueTools,
  CATALOGUE_TOOL_SETTINGS,
  JOB_CATALOGUE,
} from '../../../src/adapters/jobs/catalogue-tools.js';
import { LiveProcessGroups } from '../../../src/adapters/jobs/live-process-groups.js';
import { TASK_TOOL, type TaskTool } from '../../../src/application/ports/task-tool.js';
import type { JobCatalogue } from '../../../src/adapters/jobs/catalogue-loader.js';
import { bundledCataloguePath, type JobsSummary } from '../../../src/composition/bindings/jobs.js';
import { buildContainer } from '../../../src/composition/container.js';
import { ConfigError, loadConfig } from '../../../src/composition/config/load-config.js';
import { JOBS_SUMMARY } from '../../../src/composition/tokens.js';
import { isolatedProcessEnv, isolatedSettings } from '../../support/isolated-env.js';
import { BUNDLED_JOB_NAMES, writeCatalogue } from '../../support/jobs.js';

const build = (settings: Record<string, string>, env = isolatedProcessEnv()) =>
  buildContainer(loadConfig(isolatedSettings(settings)), env);

const job = (name: string) => ({ name, description: name, command: 'node', args: ['--version'] });

describe('the jobs binding', () => {
  it('serves the bundled catalogue by default, one tool per job, beside the demo tools', () => {
    const container = build({});
    const summary = container.get<JobsSummary>(JOBS_SUMMARY);
    expect(summary).toMatchObject({
      file: bundledCataloguePath(),
      jobs: BUNDLED_JOB_NAMES,
      demoTools: true,
    });
    expect(container.get<JobCatalogue>(JOB_CATALOGUE).jobs.map((each) => each.name)).toEqual(
      BUNDLED_JOB_NAMES,
    );
    const tools = container.getAll<TaskTool>(TASK_TOOL).map((tool) => tool.name);
    for (const name of BUNDLED_JOB_NAMES) expect(tools).toContain(name);
    expect(bundledCataloguePath()).toMatch(/catalogue\/example\.json$/);
  });

  it('serves the catalogue TASK_MCP_JOBS names, with its sandbox and workspaces', () => {
    const file = writeCatalogue([job('build'), job('test')]);
    const container = build({ TASK_MCP_JOBS: file });
    const summary = container.get<JobsSummary>(JOBS_SUMMARY);
    expect(summary).toEqual({
      file,
      jobs: ['build', 'test'],
      sandbox: container.get<JobCatalogue>(JOB_CATALOGUE).sandbox,
      workspaces: container.get<JobCatalogue>(JOB_CATALOGUE).workspaces,
      demoTools: false,
    });
    expect(summary.sandbox).toMatch(/sandbox$/);
    expect(container.getAll<TaskTool>(TASK_TOOL).map((tool) => tool.name)).toEqual([
      'build',
      'test',
    ]);
  });

  it("gives the job tools the server's environment and the result bound", () => {
    const env = isolatedProcessEnv({ EXTRA: 'yes' });
    const container = build({ TASK_MCP_MAX_RESULT_BYTES: '65536' }, env);
    expect(container.get(CATALOGUE_TOOL_SETTINGS)).toEqual({
      serverEnv: env,
      maxResultBytes: 65536,
    });
  });

  it('makes the catalogue tools and the process groups once, with nothing built by hand', () => {
    const container = build({});
    expect(container.get(CatalogueTools)).toBe(container.get(CatalogueTools));
    expect(container.get(LiveProcessGroups)).toBeInstanceOf(LiveProcessGroups);
    expect(container.get(LiveProcessGroups)).toBe(container.get(LiveProcessGroups));
  });

  it('stops start-up with one line naming the file when the catalogue is bad', () => {
    const file = writeCatalogue([{ name: 'Bad Name!', command: 'node' }]);
    let error: unknown;
    try {
      build({ TASK_MCP_JOBS: file });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^TASK_MCP_JOBS: /);
    expect((error as Error).message).toContain(`(in ${file})`);
  });

  it('refuses a job named like a demo tool while those are on', () => {
    const file = writeCatalogue([job('wait')]);
    expect(() => build({ TASK_MCP_JOBS: file, TASK_MCP_DEMO_TOOLS: 'true' })).toThrow(ConfigError);
    const container = build({ TASK_MCP_JOBS: file });
    expect(container.get<JobsSummary>(JOBS_SUMMARY).jobs).toEqual(['wait']);
  });
});
