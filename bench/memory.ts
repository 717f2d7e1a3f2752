/**
 * Memory after creating 100k tasks across 1k owners, in a fresh process per store:
 *   node --expose-gc dist/bench/memory.js task-mcp|stock
 * Every task completes with a small result, as tasks that finished and wait for their ttl.
 * Prints one JSON line: rss and heap before and after.
 */
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryTaskStore as StockTaskStore } from '@modelcontextprotocol/sdk/experimental/tasks';
import { LOGGER } from '../src/application/ports/logger.js';
import { TaskRunner } from '../src/application/services/task-runner.js';
import { CreateTask } from '../src/application/use-cases/create-task.js';
import { buildContainer } from '../src/composition/container.js';
import { loadConfig } from '../src/composition/config/load-config.js';
import { ownerFromIdentity } from '../src/domain/index.js';

const OWNERS = 1000;
const TASKS_PER_OWNER = 100;
const TTL_MS = 3_600_000;

/** Memory once garbage is collected; twice, with a pause, so freed pages are really returned. */
async function snapshot(): Promise<{ rss: number; heapUsed: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  await new Promise((resolve) => setTimeout(resolve, 200));
  gc();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

async function ours(): Promise<unknown> {
  const config = loadConfig({
    TASK_MCP_STATE_DIR: mkdtempSync(join(tmpdir(), 'task-mcp-bench-state-')),
    TASK_MCP_MAX_CONCURRENT_TASKS_PER_OWNER: '100',
    TASK_MCP_LOG_LEVEL: 'silent',
  });
  const container = buildContainer(config);
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  container.rebind(LOGGER).toConstantValue(silent);
  const create = container.get(CreateTask);
  const runner = container.get(TaskRunner);
  for (let o = 0; o < OWNERS; o++) {
    const principal = {
      owner: ownerFromIdentity('https://idp.example.com/', `user-${o}`),
      scopes: [],
    };
    for (let t = 0; t < TASKS_PER_OWNER; t++) {
      await create.run(principal, {
        toolName: 'wait',
        arguments: { durationMs: 0, steps: 1 },
        ttl: TTL_MS,
      });
    }
    while (runner.runningCount > 0) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return container;
}

async function stock(): Promise<StockTaskStore> {
  const store = new StockTaskStore();
  for (let o = 0; o < OWNERS; o++) {
    const sessionId = `session-${o}`;
    for (let t = 0; t < TASKS_PER_OWNER; t++) {
      const request = {
        method: 'tools/call',
        params: { name: 'wait', arguments: { durationMs: 0, steps: 1 } },
      };
      const task = await store.createTask({ ttl: TTL_MS }, t, request as never, sessionId);
      await store.storeTaskResult(
        task.taskId,
        'completed',
        { content: [{ type: 'text', text: 'Waited 0 ms' }] },
        sessionId,
      );
    }
  }
  return store;
}

const which = process.argv[2];
if (which !== 'task-mcp' && which !== 'stock') {
  console.error('usage: memory.js task-mcp|stock');
  process.exit(2);
}
const before = await snapshot();
const kept = which === 'task-mcp' ? await ours() : await stock();
const after = await snapshot();
console.log(
  JSON.stringify({ which, tasks: OWNERS * TASKS_PER_OWNER, owners: OWNERS, before, after }),
);
// The stock store holds a timer per task; clear them so the process can exit.
if (kept instanceof StockTaskStore) kept.cleanup();
process.exit(0);
