import { spawn } from 'node:child_process';
import { builtBin, isolatedProcessEnv } from './isolated-env.js';
import type { Wire } from './modern-http.js';
import type { Exit } from './spawned-server.js';

/** The built `task-mcp` over stdio, spoken to one JSON line at a time, as a raw client would. */
export function spawnStdioServer(settings: Record<string, string> = {}) {
  const child = spawn(process.execPath, [builtBin], {
    env: isolatedProcessEnv({ TASK_MCP_TRANSPORT: 'stdio', ...settings }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const messages: Wire[] = [];
  const waiters = new Set<() => void>();
  let pending = '';
  let stderr = '';
  let nextId = 1;
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdout!.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) if (line.length > 0) messages.push(JSON.parse(line));
    for (const wake of [...waiters]) wake();
  });
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

  const write = (message: object): void => {
    child.stdin!.write(`${JSON.stringify(message)}\n`);
  };
  const meta = (version = '2026-07-28') => ({
    'io.modelcontextprotocol/protocolVersion': version,
    'io.modelcontextprotocol/clientCapabilities': {
      extensions: { 'io.modelcontextprotocol/tasks': {} },
    },
  });

  /** Resolves with the first message (old or new) matching `check`; fails after `timeoutMs`. */
  const next = (check: (message: Wire) => boolean, timeoutMs = 10_000): Promise<Wire> =>
    new Promise((resolve, reject) => {
      const look = (): void => {
        const found = messages.find(check);
        if (found === undefined) return;
        waiters.delete(look);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(look);
        reject(new Error(`no such message in time; stderr:\n${stderr}`));
      }, timeoutMs);
      waiters.add(look);
      look();
    });

  return {
    messages,
    stderr: () => stderr,
    next,
    /** A 2026-07-28 request (its _meta naming `version`), resolved with its response. */
    request(method: string, params: Record<string, unknown>, options: { version?: string } = {}) {
      const id = nextId++;
      write({ jsonrpc: '2.0', id, method, params: { ...params, _meta: meta(options.version) } });
      return next((message) => message.id === id && !('method' in message));
    },
    /** A 2025-11-25 request (no protocol version in its _meta). */
    legacyRequest(method: string, params: Record<string, unknown>) {
      const id = nextId++;
      write({ jsonrpc: '2.0', id, method, params });
      return next((message) => message.id === id && !('method' in message));
    },
    /** A 2026-07-28 request under `id`, its messages read with `next`. */
    send(method: string, params: Record<string, unknown>, id: string | number) {
      write({ jsonrpc: '2.0', id, method, params: { ...params, _meta: meta() } });
    },
    notify(method: string, params: Record<string, unknown>) {
      write({ jsonrpc: '2.0', method, params });
    },
    /** Closes stdin, the client's way to end the session, and resolves with the exit. */
    end(): Promise<Exit> {
      child.stdin!.end();
      return exited;
    },
  };
}
