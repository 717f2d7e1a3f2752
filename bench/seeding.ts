import { call, type Call, type Target } from './http-load.js';

/** A `wait` task that finishes at once and is kept ten minutes: what every scenario creates. */
export const createParams = {
  name: 'wait',
  arguments: { durationMs: 0, steps: 1 },
  task: { ttl: 600_000 },
};

/** Creates `count` tasks one after another; returns their ids. */
export async function seed(target: Target, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const message = await call(target, 'tools/call', createParams);
    const task = (message.result as { task?: { taskId: string } } | undefined)?.task;
    if (!task) throw new Error(`seeding failed: ${JSON.stringify(message)}`);
    ids.push(task.taskId);
  }
  return ids;
}

/** Creates `count` tasks, `concurrency` calls at a time, when only how many are stored matters. */
export async function seedMany(target: Target, count: number, concurrency: number): Promise<void> {
  let left = count;
  const worker = async (): Promise<void> => {
    while (left > 0) {
      left--;
      const message = await call(target, 'tools/call', createParams);
      if (!('result' in message)) throw new Error(`seeding failed: ${JSON.stringify(message)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Creates `count` tasks one after another with `create`, a 2026-07-28 tools/call; their ids. */
export async function seedModern(target: Target, count: number, create: Call): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const message = await call(target, create.method, create.params, 1, create.headers);
    const taskId = (message.result as { taskId?: string } | undefined)?.taskId;
    if (!taskId) throw new Error(`seeding failed: ${JSON.stringify(message)}`);
    ids.push(taskId);
  }
  return ids;
}
