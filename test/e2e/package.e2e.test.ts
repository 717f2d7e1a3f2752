import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshStateDir, freshTempDir, repoRoot } from '../support/isolated-env.js';
import { STACK_TRACE } from '../support/spawned-server.js';

const npm = (args: string[], cwd: string): string =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });

describe('the published package', () => {
  it('packs, installs from the tarball, and its task-mcp binary runs', () => {
    const scratch = freshTempDir('pack-');
    const [packed] = JSON.parse(
      npm(['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], repoRoot),
    ) as { filename: string; files: { path: string }[] }[];
    const paths = packed!.files.map((file) => file.path);
    expect(paths).toContain('dist/src/main.js');
    expect(paths).toContain('catalogue/example.json');
    expect(paths.some((path) => path.startsWith('test/') || path.startsWith('dist/test'))).toBe(
      false,
    );

    const project = join(scratch, 'project');
    execFileSync('mkdir', [project]);
    writeFileSync(join(project, 'package.json'), '{ "name": "uses-task-mcp", "private": true }');
    npm(['install', '--prefer-offline', join(scratch, packed!.filename)], project);
    const bin = join(project, 'node_modules', '.bin', 'task-mcp');

    const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    expect(version.status).toBe(0);
    const { version: expected } = JSON.parse(
      readFileSync(join(repoRoot, 'package.json'), 'utf8'),
    ) as { version: string };
    expect(version.stdout).toBe(`${expected}\n`);

    // The installed copy finds its own bundled catalogue.
    const check = spawnSync(bin, ['check'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', TASK_MCP_STATE_DIR: freshStateDir() },
    });
    expect(check.status).toBe(0);
    expect(check.stdout).toContain(join(project, 'node_modules', 'task-mcp', 'catalogue'));
    expect(check.stderr).not.toMatch(STACK_TRACE);
  }, 180_000);
});
