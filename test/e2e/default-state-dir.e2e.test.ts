import { existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { freshStateDir } from '../support/isolated-env.js';
import { spawnHttpServer } from '../support/spawned-server.js';

/** The directory a user's server keeps its default sandbox and workspaces in. */
const defaultStateDir = join(tmpdir(), `task-mcp-${process.getuid?.() ?? 'user'}`);

/** Every path below `dir` with its size and modification time, or 'absent'. */
function snapshot(dir: string): string[] | 'absent' {
  if (!existsSync(dir)) return 'absent';
  const entries: string[] = [];
  const walk = (path: string): void => {
    const info = statSync(path);
    entries.push(`${path} ${info.size} ${info.mtimeMs}`);
    if (info.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dir);
  return entries.sort();
}

describe("the user's default state directory", () => {
  it('is left untouched by a whole server lifecycle run the way the suite runs servers', async () => {
    const before = snapshot(defaultStateDir);
    const ownStateDir = freshStateDir();
    const server = await spawnHttpServer({ TASK_MCP_STATE_DIR: ownStateDir });
    const client = new Client({ name: 'state-dir', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(server.url));
    const written = await client.callTool({
      name: 'write-file',
      arguments: { file: 'state-dir-check.txt', text: 'hello' },
    });
    expect(written.isError).toBeFalsy();
    const listed = await client.callTool({ name: 'list-files', arguments: {} });
    expect(JSON.stringify(listed.structuredContent)).toContain('state-dir-check.txt');
    await client.close();
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });

    // The job really wrote, and into the suite's own state directory...
    const workspaces = join(ownStateDir, 'workspaces');
    const [workspace] = readdirSync(workspaces);
    expect(existsSync(join(workspaces, workspace!, 'state-dir-check.txt'))).toBe(true);
    // ...and not a byte into the user's.
    expect(snapshot(defaultStateDir)).toEqual(before);
  });
});
