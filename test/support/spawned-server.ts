import { spawn, type ChildProcess } from 'node:child_process';
import { builtBin, isolatedProcessEnv } from './isolated-env.js';

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface SpawnedServer {
  readonly child: ChildProcess;
  /** The MCP URL from the banner (HTTP only). */
  readonly url: URL;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<Exit>;
  /** Resolves once stderr contains `text`. */
  stderrIncludes(text: string, timeoutMs?: number): Promise<void>;
}

/** A stack trace line, or an error class name at the start of a line: never on a user's screen. */
export const STACK_TRACE = /^\s+at .+\(|^\s+at [^\s]+:\d+|RangeError|TypeError|ReferenceError/m;

/**
 * Starts the built `task-mcp` binary over HTTP on a free port of 127.0.0.1, with a state directory
 * of its own, and resolves once its banner has printed the URL.
 */
export async function spawnHttpServer(
  settings: Record<string, string> = {},
): Promise<SpawnedServer> {
  const child = spawn(process.execPath, [builtBin], {
    env: isolatedProcessEnv({ TASK_MCP_PORT: '0', ...settings }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    for (const wake of [...waiters]) wake();
  });
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const stderrIncludes = (text: string, timeoutMs = 10_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (!stderr.includes(text)) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`stderr never said ${JSON.stringify(text)}; it said:\n${stderr}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  const started = await Promise.race([
    stderrIncludes('listening on ').then(() => true),
    exited.then(() => false),
  ]);
  if (!started) throw new Error(`task-mcp did not start:\n${stderr}`);
  const url = new URL(/listening on (\S+)/.exec(stderr)![1]!);
  return { child, url, stderr: () => stderr, exited, stderrIncludes };
}
