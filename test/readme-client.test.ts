import { execFile, spawn } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freshTempDir, repoRoot } from './support/isolated-env.js';
import { readmeBlock } from './support/readme.js';
import { spawnHttpServer, STACK_TRACE } from './support/spawned-server.js';

const run = promisify(execFile);

/** The README's client, saved as client.mjs in a folder of its own that sees the SDK. */
function clientFile(): string {
  const dir = freshTempDir('readme-client-');
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
  const file = join(dir, 'client.mjs');
  writeFileSync(file, readmeBlock('js', 'callToolStream'));
  return file;
}

async function runClient(env: Record<string, string>) {
  const result = await run(process.execPath, [clientFile()], {
    env: { PATH: process.env.PATH ?? '', ...env },
    timeout: 30_000,
  });
  return { stdout: result.stdout, stderr: result.stderr };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe("the README's HTTP client", () => {
  it('runs as written against a started server, shows progress, and exits', async () => {
    const server = await spawnHttpServer();
    try {
      const { stdout, stderr } = await runClient({ MCP_URL: server.url.href });
      expect(stderr).toBe('');
      const lines = stdout.split('\n');
      expect(lines[0]).toContain('simulate-build (required)');
      expect(lines[1]).toMatch(/^created task \S+$/);
      expect(stdout).toMatch(/^working Running for \d+ s \(pid \d+\): .*step \d\/3$/m);
      expect(stdout).toMatch(/^completed/m);
      expect(stdout).toContain('[docs] built');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});

describe("the README's local OAuth walkthrough", () => {
  it('gets a token from npm run dev:idp and runs the client to a finished task', async () => {
    const port = await freePort();
    const resource = `http://127.0.0.1:${port}/mcp`;
    const idp = spawn(process.execPath, [join(repoRoot, 'dist', 'dev', 'idp.js')], {
      env: { PATH: process.env.PATH ?? '', DEV_IDP_PORT: '0', DEV_IDP_RESOURCE: resource },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let printed = '';
    idp.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
    try {
      while (!printed.includes('Ctrl-C stops it.')) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const issuer = /issuer (http:\/\/127\.0\.0\.1:\d+)/.exec(printed)![1]!;
      const walkthrough = readmeBlock('sh', 'npm run dev:idp');
      // Terminal 2's command, with the ports this test was given.
      expect(walkthrough).toContain(
        'TASK_MCP_AUTH_ISSUER=http://127.0.0.1:9400 TASK_MCP_AUTH_AUDIENCE=http://127.0.0.1:3000/mcp npm start',
      );
      const server = await spawnHttpServer({
        TASK_MCP_PORT: String(port),
        TASK_MCP_AUTH_ISSUER: issuer,
        TASK_MCP_AUTH_AUDIENCE: resource,
      });
      try {
        expect(server.stderr()).toContain(
          `auth: OAuth 2.1 (issuer ${issuer}, audience ${resource})`,
        );
        // Terminal 3's token command, run by sh as written, with this test's ports.
        const tokenCommand = walkthrough
          .slice(walkthrough.indexOf('TOKEN=$('), walkthrough.indexOf('\nMCP_TOKEN='))
          .replaceAll('http://127.0.0.1:9400', issuer)
          .replaceAll('http://127.0.0.1:3000/mcp', resource);
        const { stdout: token } = await run('sh', ['-c', `${tokenCommand}\nprintf %s "$TOKEN"`]);
        expect(token.split('.')).toHaveLength(3);

        const { stdout, stderr } = await runClient({ MCP_URL: resource, MCP_TOKEN: token });
        expect(stderr).toBe('');
        expect(stdout).toContain('[docs] built');

        const refused = await runClient({ MCP_URL: resource }).catch(
          (error: { code: number; stderr: string }) => error,
        );
        expect(refused).toMatchObject({ code: 1 });
        expect((refused as { stderr: string }).stderr).toContain('401');
        expect(server.stderr()).not.toMatch(STACK_TRACE);
        expect(server.stderr()).not.toContain(token);
      } finally {
        server.child.kill('SIGTERM');
        await server.exited;
      }
    } finally {
      idp.kill('SIGTERM');
    }
  }, 60_000);
});

describe("the README's inline guess_number script (2026-07-28 multi round-trip)", () => {
  it('plays the game to the end against a started server, printing each question', async () => {
    const dir = freshTempDir('readme-guess-');
    const file = join(dir, 'guess.mjs');
    writeFileSync(file, readmeBlock('js', 'guess.mjs'));
    const server = await spawnHttpServer();
    try {
      const { stdout, stderr } = await run(process.execPath, [file], {
        env: { PATH: process.env.PATH ?? '', MCP_URL: server.url.href },
        timeout: 30_000,
      });
      expect(stderr).toBe('');
      const lines = stdout.trim().split('\n');
      expect(lines[0]).toBe('I am thinking of a number between 1 and 100. Guess 1: what is it? 50');
      const rounds = lines.length - 1;
      expect(lines.at(-1)).toMatch(new RegExp(`^\\d+ it is: found in ${rounds} guess\\(es\\)\\.$`));
      expect(server.stderr()).not.toMatch(STACK_TRACE);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});
