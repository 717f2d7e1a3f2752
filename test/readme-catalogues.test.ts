import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CallToolResultSchema, CreateTaskResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { loadCatalogue } from '../src/adapters/jobs/catalogue-loader.js';
import type { JobOutput } from '../src/adapters/jobs/job-result.js';
import { startHttpFixture } from './support/http-fixture.js';
import { freshStateDir } from './support/isolated-env.js';
import { freshDirectory } from './support/jobs.js';
import { readmeBlocks as blocks } from './support/readme.js';

/** Writes a README catalogue into a fresh directory, its sandbox and workspaces moved there. */
function place(text: string, name: string): { file: string; dir: string } {
  const dir = freshDirectory('task-mcp-readme-');
  const file = join(dir, name);
  const moved = text.replaceAll('/srv/task-mcp', dir);
  writeFileSync(
    file,
    name.endsWith('.yaml')
      ? `sandbox: ${dir}/sandbox\nworkspaces: ${dir}/workspaces\n${moved}`
      : moved,
  );
  return { file, dir };
}

describe('the catalogues in the README', () => {
  it('the full JSON example loads as written', () => {
    const example = blocks('json').find((block) => block.includes('"jobs"'))!;
    const { file } = place(example, 'jobs.json');
    const [build] = loadCatalogue(file, { path: process.env.PATH, stateDir: freshStateDir() }).jobs;
    expect(build).toMatchObject({ name: 'build', lock: { name: 'build-{{target}}' } });
  });

  it('the npm test job runs a repository’s tests, passing the pattern through', async () => {
    const example = blocks('yaml').find((block) => block.includes('shop-tests'))!;
    const { file, dir } = place(example, 'jobs.yaml');
    const repo = join(dir, 'sandbox', 'repos', 'shop');
    mkdirSync(repo, { recursive: true });
    writeFileSync(
      join(repo, 'package.json'),
      JSON.stringify({ name: 'shop', version: '1.0.0', scripts: { test: 'node test.js' } }),
    );
    writeFileSync(
      join(repo, 'test.js'),
      "console.log('tests:', JSON.stringify(process.argv.slice(2)), process.env.CI);",
    );
    const fixture = await startHttpFixture({ env: { TASK_MCP_JOBS: file } });
    try {
      const client = await fixture.connect();
      const created = await client.request(
        {
          method: 'tools/call',
          params: { name: 'shop-tests', arguments: { testNamePattern: 'login' }, task: {} },
        },
        CreateTaskResultSchema,
      );
      const result = await client.experimental.tasks.getTaskResult(
        created.task.taskId,
        CallToolResultSchema,
      );
      const output = result.structuredContent as JobOutput;
      expect(output.exitCode).toBe(0);
      expect(output.stdout).toContain('tests: ["--testNamePattern","login"] true');
    } finally {
      await fixture.close();
    }
  });
});
