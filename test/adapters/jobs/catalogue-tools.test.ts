import type { AuditEvent } from '../../../src/application/ports/audit-log.js';
import { loadCatalogue } from '../../../src/adapters/jobs/catalogue-loader.js';
import { CatalogueTools } from '../../../src/adapters/jobs/catalogue-tools.js';
import { JobTool } from '../../../src/adapters/jobs/job-tool.js';
import { LiveProcessGroups } from '../../../src/adapters/jobs/live-process-groups.js';
import { freshStateDir } from '../../support/isolated-env.js';
import { writeCatalogue } from '../../support/jobs.js';

const job = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  description: `Runs ${name}`,
  command: 'node',
  args: ['--version'],
  ...extra,
});

function toolsOf(jobs: unknown[]) {
  const catalogue = loadCatalogue(writeCatalogue(jobs), {
    path: process.env.PATH,
    stateDir: freshStateDir(),
  });
  const recorded: AuditEvent[] = [];
  const tools = new CatalogueTools(
    catalogue,
    { serverEnv: {}, maxResultBytes: 1024 },
    new LiveProcessGroups(),
    { record: (event) => recorded.push(event) },
  );
  return { tools, recorded };
}

describe('CatalogueTools', () => {
  it('builds one job tool per catalogue job, named, described and scoped like its job', () => {
    const { tools } = toolsOf([
      job('build'),
      job('deploy', { scopes: ['jobs:deploy'], taskSupport: 'optional' }),
    ]);
    const build = tools.tool('build');
    const deploy = tools.tool('deploy');
    expect(build).toBeInstanceOf(JobTool);
    expect(build).toMatchObject({ name: 'build', description: 'Runs build', startsProcess: true });
    expect(deploy).toMatchObject({
      name: 'deploy',
      requiredScopes: ['jobs:deploy'],
      taskSupport: 'optional',
    });
    expect(tools.tool('build')).toBe(build);
  });

  it('refuses a job name the catalogue does not have', () => {
    const { tools } = toolsOf([job('build')]);
    expect(() => tools.tool('deploy')).toThrow("The job catalogue has no job 'deploy'");
  });
});
