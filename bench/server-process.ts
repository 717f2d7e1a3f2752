import { spawn, type ChildProcess } from 'node:child_process';
import { listeningUrl } from './listening-url.js';
import { benchDatabase, type BenchDatabase } from './postgres.js';

export interface ServerSpec {
  readonly name: string;
  readonly script: string;
  readonly env: Record<string, string>;
  readonly headers?: Record<string, string>;
  /** Serve from PostgreSQL: a fresh database per start, or the given one (replicas share it). */
  readonly database?: 'fresh' | BenchDatabase;
}

export interface Started {
  readonly url: URL;
  readonly child: ChildProcess;
  readonly database?: BenchDatabase;
  /** Kills the server, and drops its database if it made a fresh one. */
  stop(): Promise<void>;
}

/**
 * Starts a bench server in a node process of its own, with only PATH and the spec's environment,
 * and waits until it says where it listens.
 */
export async function startServer(spec: ServerSpec): Promise<Started> {
  const fresh = spec.database === 'fresh' ? await benchDatabase() : undefined;
  const database = fresh ?? (spec.database === 'fresh' ? undefined : spec.database);
  const storeEnv = database
    ? { TASK_MCP_STORE: 'postgres', TASK_MCP_DATABASE_URL: database.url }
    : {};
  const child = spawn(process.execPath, [spec.script], {
    env: { PATH: process.env.PATH ?? '', ...spec.env, ...storeEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await listeningUrl(child, spec.name);
  const stop = async (): Promise<void> => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    await fresh?.drop();
  };
  return { url, child, stop, ...(database ? { database } : {}) };
}
