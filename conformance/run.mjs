// Runs the official MCP conformance suite's server scenarios against task-mcp (with the suite's
// fixture tools bound by dev/conformance-server.ts), one scenario at a time, and prints one line
// per scenario and a summary. Exits 1 if any scenario listed in SCENARIOS fails.
//
// The suite needs Node 22, which conformance/package.json brings as the `node` package; the server
// itself runs on the Node that runs this script. Usage: node conformance/run.mjs [scenario...]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const node22 = join(here, 'node_modules', '.bin', 'node');
const suite = join(
  here,
  'node_modules',
  '@modelcontextprotocol',
  'conformance',
  'dist',
  'index.js',
);

/** Every server scenario that applies to a tasks server; each must pass. */
export const SCENARIOS = [
  // Lifecycle and transport (2025-11-25)
  'server-initialize',
  'server-session-lifecycle',
  'ping',
  'logging-set-level',
  'server-sse-polling',
  'server-sse-multiple-streams',
  'dns-rebinding-protection',
  // Tools (2025-11-25)
  'tools-list',
  'tools-call-simple-text',
  'tools-call-image',
  'tools-call-audio',
  'tools-call-embedded-resource',
  'tools-call-mixed-content',
  'tools-call-error',
  'tools-call-with-progress',
  'tools-call-elicitation',
  // 2026-07-28 routing headers
  'http-header-validation',
  // The tasks extension (SEP-2663) on 2026-07-28
  'tasks-lifecycle',
  'tasks-capability-negotiation',
  'tasks-wire-fields',
  'tasks-request-state-removal',
  'tasks-mrtr-input',
  'tasks-request-headers',
  'tasks-dispatch-and-envelope',
  'tasks-status-notifications',
  'tasks-required-task-error',
  'tasks-mrtr-composition',
  // Multi round-trip requests (SEP-2322) on 2026-07-28, for a tool run inline
  'input-required-result-request-state',
  'input-required-result-tampered-state',
  'input-required-result-multi-round',
  'input-required-result-result-type',
  'input-required-result-missing-input-response',
  'input-required-result-ignore-extra-params',
  'input-required-result-validate-input',
  'input-required-result-unsupported-methods',
];

const chosen = process.argv.length > 2 ? process.argv.slice(2) : SCENARIOS;

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(base, server) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server did not answer /health within 20 s');
}

function runScenario(url, scenario) {
  return new Promise((resolve) => {
    const child = spawn(node22, [suite, 'server', '--url', url, '--scenario', scenario], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code, output }));
  });
}

if (!existsSync(suite) || !existsSync(node22)) {
  console.log('The conformance suite is not installed: run `npm ci --prefix conformance` first.');
  process.exit(1);
}

const stateDir = mkdtempSync(join(tmpdir(), 'task-mcp-conformance-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, [join(root, 'dist', 'dev', 'conformance-server.js')], {
  env: {
    ...process.env,
    TASK_MCP_PORT: String(port),
    TASK_MCP_HOST: '127.0.0.1',
    TASK_MCP_STATE_DIR: stateDir,
    TASK_MCP_POLL_INTERVAL_MS: '200',
    TASK_MCP_LOG_LEVEL: 'warn',
    // A catalogue of one quick job and no demo tools: the first tool listed runs inline.
    TASK_MCP_JOBS: join(here, 'catalogue.json'),
    TASK_MCP_DEMO_TOOLS: 'false',
  },
  stdio: ['ignore', 'ignore', 'pipe'],
});
let serverErrors = '';
server.stderr.on('data', (chunk) => (serverErrors += chunk));

let failed = 0;
try {
  await waitForHealth(base, server);
  for (const scenario of chosen) {
    const { code, output } = await runScenario(`${base}/mcp`, scenario);
    const tally = /Passed: (\d+)\/(\d+), (\d+) failed, (\d+) warnings/.exec(output);
    const checks = tally ? `${tally[1]}/${tally[2]} checks, ${tally[4]} warnings` : 'no tally';
    const passed = code === 0;
    if (!passed) failed++;
    console.log(`${passed ? 'PASS' : 'FAIL'} ${scenario} (${checks})`);
    if (!passed || process.env.CONFORMANCE_VERBOSE)
      console.log(output.trim().replace(/^/gm, '    '));
  }
} catch (error) {
  failed = chosen.length;
  console.log(`conformance could not run: ${error.message}`);
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('close', resolve));
  rmSync(stateDir, { recursive: true, force: true });
}
const stackTrace = /\n\s+at .+\(.+:\d+:\d+\)/;
if (server.exitCode !== 0 || stackTrace.test(serverErrors)) {
  console.log(`the server ended with exit code ${server.exitCode}; its stderr:\n${serverErrors}`);
  failed++;
}
console.log(
  `conformance: ${chosen.length - Math.min(failed, chosen.length)} of ${chosen.length} scenarios passed`,
);
process.exit(failed > 0 ? 1 : 0);
