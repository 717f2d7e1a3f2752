import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CatalogueError, loadCatalogue } from '../../../src/adapters/jobs/catalogue-loader.js';
import { bundledCataloguePath } from '../../../src/composition/bindings/jobs.js';
import { ConfigError, loadConfig } from '../../../src/composition/config/load-config.js';
import { freshStateDir, isolatedSettings } from '../../support/isolated-env.js';
import { buildContainer } from '../../../src/composition/container.js';
import { AccessPolicy, callTool } from '../../../src/application/policy/access-policy.js';
import { InsufficientScopeError } from '../../../src/application/shared/errors.js';
import { freshDirectory, writeCatalogue } from '../../support/jobs.js';
import { anOwner } from '../../support/task-mother.js';

const job = (extra: Record<string, unknown> = {}) => ({
  name: 'run-tests',
  description: 'Runs the tests',
  command: 'node',
  args: ['--version'],
  ...extra,
});

const load = (file: string) =>
  loadCatalogue(file, { path: process.env.PATH, stateDir: freshStateDir() });

function refusal(jobs: unknown[], extra: Record<string, unknown> = {}): string {
  try {
    load(writeCatalogue(jobs, extra));
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogueError);
    return (error as Error).message;
  }
  throw new Error('the catalogue was accepted');
}

describe('the job catalogue', () => {
  it('loads the bundled example, with every command found', () => {
    const catalogue = load(bundledCataloguePath());
    expect(catalogue.jobs.map((j) => j.name)).toContain('countdown');
    for (const entry of catalogue.jobs) expect(entry.executable).toMatch(/^\//);
  });

  it('reads YAML as well as JSON, and fills in the defaults', () => {
    const dir = freshDirectory();
    const file = join(dir, 'jobs.yaml');
    writeFileSync(
      file,
      [
        'sandbox: ./box',
        'workspaces: ./spaces',
        'jobs:',
        '  - name: node-version',
        '    description: Prints the version of node',
        '    command: node',
        '    args: [--version]',
      ].join('\n'),
    );
    const [only] = load(file).jobs;
    expect(only).toMatchObject({
      name: 'node-version',
      args: ['--version'],
      cwd: '.',
      workspace: false,
      timeoutSeconds: 600,
      killGraceSeconds: 5,
      maxOutputBytes: 65536,
      env: { pass: ['PATH', 'LANG', 'LC_ALL', 'TZ'], set: {} },
      taskSupport: 'required',
      scopes: [],
    });
  });

  it.each([
    [[job({ name: 'Run Tests' })], /^jobs\[0\] \(Run Tests\)\.name: must be a slug/],
    [[job({ timeoutSeconds: 0 })], /^jobs\[0\] \(run-tests\)\.timeoutSeconds: Too small/],
    [[job({ timeoutSeconds: 86_401 })], /^jobs\[0\] \(run-tests\)\.timeoutSeconds: Too big/],
    [[job({ maxOutputBytes: 10 })], /^jobs\[0\] \(run-tests\)\.maxOutputBytes/],
    [[job({ shell: true })], /^jobs\[0\] \(run-tests\): Unrecognized key: "shell"/],
    [[job({ description: undefined })], /^jobs\[0\] \(run-tests\)\.description/],
    [
      [job(), job({ name: 'build', command: 'no-such-program-here' })],
      /^jobs\[1\] \(build\)\.command: 'no-such-program-here' is not found on PATH/,
    ],
    [[job(), job()], /^jobs\[1\] \(run-tests\)\.name: 'run-tests' is already the name/],
    [
      [job({ env: { pass: ['PATH', 'GITHUB_TOKEN'] } })],
      /^jobs\[0\] \(run-tests\)\.env\.pass\[1\]: looks like a secret/,
    ],
    [
      [job({ env: { set: { DB_PASSWORD: 'x' } } })],
      /^jobs\[0\] \(run-tests\)\.env\.set\.DB_PASSWORD: looks like a secret/,
    ],
    [
      [job({ env: { pass: ['TASK_MCP_AUTH_ISSUER'] } })],
      /env\.pass\[0\]: looks like a secret .* or a task-mcp setting/,
    ],
    [
      [job({ args: ['{{missing}}'] })],
      /^jobs\[0\] \(run-tests\)\.args\[0\]: no parameter 'missing'/,
    ],
    [
      [job({ args: ['{{ bad }}'] })],
      /^jobs\[0\] \(run-tests\)\.args\[0\]: has a malformed placeholder/,
    ],
    [
      [job({ args: ['{{filter}}'], parameters: { filter: { type: 'string', required: false } } })],
      /args\[0\]: parameter 'filter' is optional; give it a default, or put this argument in a group/,
    ],
    [
      [
        job({
          args: [{ if: 'verbose', args: ['{{filter}}'] }],
          parameters: {
            verbose: { type: 'boolean', default: false },
            filter: { type: 'string', required: false },
          },
        }),
      ],
      /args\[0\]\.args\[0\]: parameter 'filter' is optional/,
    ],
    [[job({ args: [{ if: 'nope', args: ['-v'] }] })], /args\[0\]\.if: no parameter 'nope'/],
    [[job({ confirm: 'Deploy {{target}}?' })], /\.confirm: no parameter 'target'/],
    [[job({ confirm: '' })], /confirm/],
    [
      [job({ parameters: { name: { type: 'string', pattern: '[a-z]+' } } })],
      /parameters\.name\.pattern: must be anchored/,
    ],
    [
      [job({ parameters: { name: { type: 'string', pattern: '^([a-z]$' } } })],
      /parameters\.name\.pattern: is not a valid regular expression/,
    ],
    [
      [job({ parameters: { n: { type: 'integer', minimum: 1, maximum: 9, default: 10 } } })],
      /parameters\.n\.default: Too big/,
    ],
    [
      [job({ parameters: { dir: { type: 'path', default: '../up' } } })],
      /parameters\.dir\.default: the path must not contain '\.\.'/,
    ],
    [[job({ parameters: { n: { type: 'float' } } })], /parameters\.n\.type/],
    [
      [job({ cwd: 'repos/{{dir}}', parameters: { dir: { type: 'path' } } })],
      /cwd: a path parameter \('dir'\) cannot be used here/,
    ],
    [
      [job({ lock: { name: 'tests', ttlSeconds: 30 } })],
      /lock\.ttlSeconds: Too small: expected number to be >=60/,
    ],
    [
      [job({ lock: { name: 'tests', ttlSeconds: 86_401 } })],
      /lock\.ttlSeconds: Too big: expected number to be <=86400/,
    ],
    [
      [job({ timeoutSeconds: 900, lock: { name: 'tests', ttlSeconds: 600 } })],
      /lock\.ttlSeconds: 600 is shorter than the longest run \(timeoutSeconds \+ killGraceSeconds = 905\)/,
    ],
    [[job({ lock: { name: 'tests', scope: 'everyone' } })], /lock\.scope/],
    [[], /^jobs: Too small/],
  ])('refuses %j, naming the job and the field', (jobs, message) => {
    expect(refusal(jobs)).toMatch(message);
  });

  it('refuses workspaces inside the sandbox, and the file system root as a sandbox', () => {
    expect(refusal([job()], { sandbox: 'box', workspaces: 'box/spaces' })).toMatch(
      /workspaces: must not be inside the sandbox/,
    );
    expect(refusal([job()], { sandbox: '/' })).toMatch(/sandbox: the file system root/);
  });

  it('refuses a default state directory that others could write to', () => {
    const stateDir = join(freshDirectory(), 'state');
    mkdirSync(stateDir, { mode: 0o777 });
    chmodSync(stateDir, 0o777);
    const file = writeCatalogue([job()], { sandbox: undefined, workspaces: undefined });
    expect(() => loadCatalogue(file, { path: process.env.PATH, stateDir })).toThrow(
      /is not a directory of this user that only it can write/,
    );
    chmodSync(stateDir, 0o700);
    expect(loadCatalogue(file, { path: process.env.PATH, stateDir }).sandbox).toBe(
      join(stateDir, 'sandbox'),
    );
  });

  it('refuses a file that is not JSON, or not there, saying so', () => {
    const dir = freshDirectory();
    writeFileSync(join(dir, 'jobs.json'), '{ "jobs": [ }');
    expect(() => load(join(dir, 'jobs.json'))).toThrow(/not valid JSON/);
    expect(() => load(join(dir, 'missing.json'))).toThrow(/cannot read the catalogue file/);
  });

  it('stops start-up on a bad catalogue with a configuration error naming the job and field', () => {
    const file = writeCatalogue([job({ timeoutSeconds: -1 })]);
    expect(() => buildContainer(loadConfig(isolatedSettings({ TASK_MCP_JOBS: file })))).toThrow(
      ConfigError,
    );
    expect(() => buildContainer(loadConfig(isolatedSettings({ TASK_MCP_JOBS: file })))).toThrow(
      /^TASK_MCP_JOBS: jobs\[0\] \(run-tests\)\.timeoutSeconds: Too small/,
    );
  });

  it("makes a job's scopes required to call it when authentication is on", () => {
    const file = writeCatalogue([job({ name: 'deploy', scopes: ['jobs:deploy'] })]);
    const container = buildContainer(
      loadConfig({
        TASK_MCP_JOBS: file,
        TASK_MCP_AUTH_ISSUER: 'https://issuer.example',
        TASK_MCP_AUTH_AUDIENCE: 'https://mcp.example/mcp',
      }),
    );
    const access = container.get(AccessPolicy);
    expect(access.requiredScopes(callTool('deploy'))).toContain('jobs:deploy');
    const caller = { owner: anOwner(), scopes: access.requiredScopes(callTool('deploy')) };
    expect(() => access.authorize(caller, callTool('deploy'))).not.toThrow();
    const without = { ...caller, scopes: caller.scopes.filter((scope) => scope !== 'jobs:deploy') };
    expect(() => access.authorize(without, callTool('deploy'))).toThrow(InsufficientScopeError);
  });

  it('refuses a job named like a demo tool while the demo tools are on', () => {
    const file = writeCatalogue([job({ name: 'wait' })]);
    expect(() =>
      buildContainer(
        loadConfig(isolatedSettings({ TASK_MCP_JOBS: file, TASK_MCP_DEMO_TOOLS: 'true' })),
      ),
    ).toThrow(/'wait' is already the name of another tool/);
    expect(() =>
      buildContainer(loadConfig(isolatedSettings({ TASK_MCP_JOBS: file }))),
    ).not.toThrow();
  });
});
