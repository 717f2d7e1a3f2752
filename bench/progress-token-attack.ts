/**
 * Memory under a progress-token attack: node dist/bench/progress-token-attack.js (npm run bench
 * runs it too). A client sends a call of the bundled `wait` tool whose _meta.progressToken is
 * megabytes long and never reads the answer. Every progress notification echoes the token, so a
 * server that neither refuses nor bounds it queues megabytes per notification for a reader that
 * never comes. For each case, a freshly started task-mcp's RSS before, at its peak during, and
 * after; the aim is growth under 32 MiB, whether the server refuses the token or bounds its
 * output.
 */
import { TASK_MCP_MAIN } from './bench-servers.js';
import { mib, printTable } from './format.js';
import { exchange } from './http-exchange.js';
import { call, targetFor } from './http-load.js';
import { openSession, postHeaders, primingEventId, streamHeaders } from './mcp-session.js';
import { residentMemory } from './process-memory.js';
import { pidOf } from './server-cpu.js';
import { startServer, type Started } from './server-process.js';
import { TASK_MCP_ENV } from './task-mcp-env.js';
import { sendUnread, type UnreadExchange } from './unread-exchange.js';

const AIM_BYTES = 32 * 1024 * 1024;
/** The tool runs 5 s with 50 steps: 49 progress notifications, one every 100 ms. */
const WAIT_ARGUMENTS = { durationMs: 5000, steps: 50 };
/** Longer than the tool runs, so every notification it sends is waited for. */
const HOLD_MS = 6000;
const SAMPLE_MS = 50;
/** Every request, connection and read of the attack gives up after this long. */
const STEP_TIMEOUT_MS = 5000;
/** Past this the whole case is abandoned and its server killed: the bench never hangs here. */
const CASE_TIMEOUT_MS = 30_000;

type Mode = 'stateless' | 'session';

interface Attack {
  /** The requests left open and unread. */
  readonly unread: readonly { readonly what: string; readonly exchange: UnreadExchange }[];
  /** What the server answered requests read at once. */
  readonly answered: readonly string[];
}

/** Told of every connection an attack leaves open, so that it is closed whatever happens. */
type Opened = (exchange: UnreadExchange) => UnreadExchange;

interface Case {
  readonly name: string;
  readonly mode: Mode;
  start(url: URL, sessionId: string | undefined, opened: Opened): Promise<Attack>;
}

const megabytes = (count: number): string => 'x'.repeat(count * 1024 * 1024);

function toolCall(progressToken: string, task: boolean): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: {
      name: 'wait',
      arguments: WAIT_ARGUMENTS,
      ...(task ? { task: {} } : {}),
      _meta: { progressToken },
    },
  });
}

/** A plain (non-task) tools/call: its progress goes out on the answer to this very POST. */
const plainCall: Case['start'] = async (url, sessionId, opened) => {
  const body = toolCall(megabytes(3), false);
  const post = opened(await sendUnread(url, 'POST', postHeaders(sessionId), body, STEP_TIMEOUT_MS));
  return { unread: [{ what: 'POST', exchange: post }], answered: [] };
};

/**
 * A task-augmented tools/call: the POST is answered at once with the task, and the task's
 * progress goes to the session's event stream, opened (resuming from its priming event) and never
 * read.
 */
const taskCallWithStream: Case['start'] = async (url, sessionId, opened) => {
  const session = sessionId!;
  const lastEventId = await primingEventId(url, session);
  // The server takes a session's new stream only once it has seen the old one close.
  await sleep(300);
  const stream = opened(
    await sendUnread(
      url,
      'GET',
      { ...streamHeaders(session), 'last-event-id': lastEventId },
      undefined,
      STEP_TIMEOUT_MS,
    ),
  );
  await sleep(200);
  const created = await exchange(
    url,
    'POST',
    postHeaders(session),
    toolCall(megabytes(1), true),
    STEP_TIMEOUT_MS,
  );
  const taskCreated = /"taskId"/.test(created.body) ? ', task created' : '';
  return {
    unread: [{ what: 'GET stream', exchange: stream }],
    answered: [`POST HTTP ${created.status}${taskCreated}`],
  };
};

const CASES: readonly Case[] = [
  { name: 'stateless: tools/call, 3 MB token', mode: 'stateless', start: plainCall },
  { name: 'session: tools/call, 3 MB token', mode: 'session', start: plainCall },
  {
    name: 'session: task tools/call, 1 MB token, event stream',
    mode: 'session',
    start: taskCallWithStream,
  },
];

interface Measured {
  readonly answers: string;
  readonly before: number;
  readonly peak: number;
  readonly after: number;
}

async function measure(attack: Case, server: Started, opened: Opened): Promise<Measured> {
  const pid = pidOf(server.child);
  // A first request, so start-up work is done before the baseline is read.
  const sessionId = attack.mode === 'session' ? await openSession(server.url) : undefined;
  const target = targetFor(server.url, 1, sessionId ? { 'mcp-session-id': sessionId } : {});
  await call(target, 'tools/list', {});
  target.agent.destroy();
  await sleep(500);
  const before = residentMemory(pid);
  let sampled = before.rss;
  const sampler = setInterval(() => {
    try {
      sampled = Math.max(sampled, residentMemory(pid).rss);
    } catch {
      // The server is gone (the case timed out and killed it): nothing left to sample.
    }
  }, SAMPLE_MS);
  let started: Attack | undefined;
  try {
    started = await attack.start(server.url, sessionId, opened);
    await sleep(HOLD_MS);
  } finally {
    clearInterval(sampler);
  }
  const during = residentMemory(pid);
  // VmHWM catches a peak between samples, as long as it was above the high-water mark before.
  const peak = Math.max(sampled, during.rss, during.peakRss > before.peakRss ? during.peakRss : 0);
  const unreadAnswers: string[] = [];
  for (const { what, exchange: unread } of started.unread) {
    unreadAnswers.push(`${what} ${await unread.answer(STEP_TIMEOUT_MS)}`);
    unread.destroy();
  }
  await sleep(1000);
  return {
    answers: [...started.answered, ...unreadAnswers].join('; '),
    before: before.rss,
    peak,
    after: residentMemory(pid).rss,
  };
}

async function runCase(attack: Case): Promise<Measured> {
  const server = await startServer({
    name: `task-mcp (${attack.mode})`,
    script: TASK_MCP_MAIN,
    env: { ...TASK_MCP_ENV, TASK_MCP_HTTP_MODE: attack.mode },
  });
  let timer: NodeJS.Timeout | undefined;
  const open: UnreadExchange[] = [];
  const opened: Opened = (exchange) => {
    open.push(exchange);
    return exchange;
  };
  try {
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`gave up after ${CASE_TIMEOUT_MS} ms`)),
        CASE_TIMEOUT_MS,
      );
    });
    return await Promise.race([measure(attack, server, opened), timedOut]);
  } finally {
    clearTimeout(timer);
    for (const exchange of open) exchange.destroy();
    await server.stop();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function main(): Promise<void> {
  console.log(
    `Progress-token attack: a wait tool call (${WAIT_ARGUMENTS.durationMs} ms, ${WAIT_ARGUMENTS.steps} steps) with a huge _meta.progressToken, answer never read, held ${HOLD_MS} ms; server RSS (aim: growth under ${mib(AIM_BYTES)}):`,
  );
  const rows = [['case', 'answered', 'RSS before', 'peak', 'after', 'growth (peak)', '']];
  let failed = false;
  for (const attack of CASES) {
    try {
      const { answers, before, peak, after } = await runCase(attack);
      const growth = peak - before;
      rows.push([
        attack.name,
        answers,
        mib(before),
        mib(peak),
        mib(after),
        `+${mib(growth)}`,
        growth < AIM_BYTES ? 'within the aim' : 'OVER THE AIM',
      ]);
    } catch (error) {
      failed = true;
      rows.push([attack.name, `failed: ${(error as Error).message}`, '', '', '', '', '']);
    }
  }
  printTable(rows);
  if (failed) process.exitCode = 1;
}

await main();
// A case abandoned on its timeout may still be sleeping; it has nothing left to do.
setTimeout(() => process.exit(), 1000).unref();
