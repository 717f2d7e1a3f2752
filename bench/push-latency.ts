import { call, targetFor, type Target } from './http-load.js';
import { openListen, type Heard, type OpenListen } from './listen-stream.js';
import { modernCall } from './modern-call.js';
import { PreciseWallClock } from './wall-clock.js';

/** Changes measured per line. */
export const PUSH_CHANGES = 1000;
/** The time between two changes of a task: short, but longer than a push should take. */
export const PUSH_STEP_MS = 5;
/** The most steps `wait` takes. */
const MAX_STEPS = 1000;
/** Spare steps for the changes a task makes before its listens are open. */
const SPARE_STEPS = 5;
/** The fewest steps a task takes: it must outlast the opening of its listens. */
const MIN_STEPS = 100;
/** Longer than a listen takes to open, and a task to end past its duration, on a busy machine. */
const SLACK_MS = 15_000;

/** What one listener heard of the tasks' changes. */
export interface HeardOn {
  /** Per change it was told of: its arrival, less the task's lastUpdatedAt, in ms. */
  readonly latencyMs: readonly number[];
  /** Changes the tasks made while it was open, and how many it was told of (fewer: coalesced). */
  readonly made: number;
  readonly heard: number;
}

export interface PushLatency {
  /** One per listener, in the order given. */
  readonly on: readonly HeardOn[];
  /** Per change heard on the first two listeners: the first's arrival less the second's, in ms. */
  readonly gapMs: readonly number[];
}

/**
 * Runs `wait` tasks on `runner`, a change every PUSH_STEP_MS, each followed by a listen on every
 * one of `listeners`, until the first listener has heard PUSH_CHANGES changes. A change's time is
 * the server's own lastUpdatedAt (whole ms, on this machine's clock); its arrival, the moment its
 * chunk was read (to a fraction of a ms, see PreciseWallClock). A listen's first notification is
 * the task as it stood when the listen opened, not a change, and is left out.
 */
export async function pushLatency(runner: URL, listeners: readonly URL[]): Promise<PushLatency> {
  const target = targetFor(runner, 1);
  const clock = new PreciseWallClock();
  const on = listeners.map(() => ({ latencyMs: [] as number[], made: 0, heard: 0 }));
  const gapMs: number[] = [];
  try {
    while (on[0]!.latencyMs.length < PUSH_CHANGES) {
      const wanted = PUSH_CHANGES - on[0]!.latencyMs.length + SPARE_STEPS;
      const steps = Math.min(MAX_STEPS, Math.max(MIN_STEPS, wanted));
      clock.reanchor();
      const heard = await followTask(target, listeners, steps, clock);
      if (heard[0]!.length < 2) throw new Error('a task ended before its listen heard a change');
      heard.forEach((messages, n) => {
        const changes = messages.slice(1);
        on[n]!.made += changesAfter(messages[0]!.message.params!, steps);
        on[n]!.heard += changes.length;
        for (const { message, atMs } of changes) {
          on[n]!.latencyMs.push(atMs - Date.parse(String(message.params!.lastUpdatedAt)));
        }
      });
      if (heard.length < 2) continue;
      const second = new Map(heard[1]!.slice(1).map((h) => [changeKey(h), h.atMs]));
      for (const change of heard[0]!.slice(1)) {
        const at = second.get(changeKey(change));
        if (at !== undefined) gapMs.push(change.atMs - at);
      }
    }
  } finally {
    target.agent.destroy();
  }
  return {
    on: on.map((heard) => ({ ...heard, latencyMs: heard.latencyMs.slice(0, PUSH_CHANGES) })),
    gapMs,
  };
}

/**
 * Creates one `wait` task of `steps` steps on `runner`, listens for it on each of `listeners`
 * (each on a connection of its own), and returns what each heard, once every one has heard it
 * end.
 */
async function followTask(
  runner: Target,
  listeners: readonly URL[],
  steps: number,
  clock: PreciseWallClock,
): Promise<Heard[][]> {
  const durationMs = steps * PUSH_STEP_MS;
  const create = modernCall('tools/call', { name: 'wait', arguments: { durationMs, steps } });
  const created = await call(runner, create.method, create.params, 1, create.headers);
  const taskId = (created.result as { taskId?: string } | undefined)?.taskId;
  if (!taskId) throw new Error(`the wait task was not created: ${JSON.stringify(created)}`);
  const heard: Heard[][] = listeners.map(() => []);
  const listens: OpenListen[] = [];
  const ends: Promise<void>[] = [];
  try {
    for (const [n, url] of listeners.entries()) {
      let ended!: () => void;
      ends.push(new Promise<void>((resolve) => (ended = resolve)));
      const listen = await openListen(url, [taskId], {
        agent: false,
        id: n + 1,
        timeoutMs: SLACK_MS,
        clock: () => clock.now(),
        onMessage: (h) => {
          if (h.message.method !== 'notifications/tasks') return;
          heard[n]!.push(h);
          if (h.message.params!.status !== 'working') ended();
        },
      });
      listens.push(listen);
    }
    await within(Promise.all(ends), durationMs + SLACK_MS, `task ${taskId} to end on every listen`);
  } finally {
    for (const listen of listens) listen.close();
  }
  return heard;
}

/**
 * The changes a `wait` task of `steps` steps makes after it stood as `task`: a report for each
 * step after the one it was at ("Waiting (k/n)", none before the first), then its end.
 */
function changesAfter(task: Record<string, unknown>, steps: number): number {
  if (task.status !== 'working') return 0;
  return steps - Number(/\((\d+)\/\d+\)/.exec(String(task.statusMessage ?? ''))?.[1] ?? 0);
}

/** What tells one change of a `wait` task from its others, on whichever listen it was heard. */
function changeKey({ message }: Heard): string {
  const { status, statusMessage } = message.params!;
  return `${String(status)} ${String(statusMessage)}`;
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`waited over ${ms} ms for ${what}`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
