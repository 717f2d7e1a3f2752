import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CallToolResultSchema,
  CreateTaskResultSchema,
  ElicitRequestSchema,
  GetTaskResultSchema,
  type ElicitRequest,
  type ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';
import { TaskRunner } from '../../src/application/services/task-runner.js';
import { postRaw } from '../support/rpc.js';
import { eventually, startHttpFixture, type HttpFixture } from '../support/http-fixture.js';

const RELATED_TASK = 'io.modelcontextprotocol/related-task';
const ELICITS = { elicitation: {} };

/** A player that finds the number by halving the range, following the tool's hints. */
function bisectingPlayer(max: number, asked: ElicitRequest[]) {
  let low = 1;
  let high = max;
  return (request: ElicitRequest): ElicitResult => {
    asked.push(request);
    const hint = /(Higher|Lower) than (\d+)/.exec(request.params.message);
    if (hint?.[1] === 'Higher') low = Number(hint[2]) + 1;
    if (hint?.[1] === 'Lower') high = Number(hint[2]) - 1;
    return { action: 'accept', content: { guess: Math.floor((low + high) / 2) } };
  };
}

async function startTask(client: Client, name: string, args: object, ttl?: number) {
  const created = await client.request(
    { method: 'tools/call', params: { name, arguments: args, task: ttl ? { ttl } : {} } },
    CreateTaskResultSchema,
  );
  return created.task.taskId;
}

async function getTask(client: Client, taskId: string) {
  return client.request({ method: 'tasks/get', params: { taskId } }, GetTaskResultSchema);
}

async function untilStatus(client: Client, taskId: string, status: string): Promise<void> {
  await eventually(async () => (await getTask(client, taskId)).status === status, 10_000);
}

function textOf(result: { content: unknown[] }): string {
  return (result.content as { type: string; text?: string }[]).map((c) => c.text ?? '').join('');
}

describe.each(['session', 'stateless'])('input_required with the SDK client (%s)', (mode) => {
  let fixture: HttpFixture;

  beforeAll(async () => {
    fixture = await startHttpFixture({
      ownersByHeader: true,
      env: { TASK_MCP_HTTP_MODE: mode },
    });
  });
  afterAll(() => fixture.close());

  it('asks on the tasks/result stream, with the related task, and resumes with each answer', async () => {
    const client = await fixture.connect('alice', ELICITS);
    const asked: ElicitRequest[] = [];
    client.setRequestHandler(ElicitRequestSchema, bisectingPlayer(20, asked));
    const taskId = await startTask(client, 'guess_number', { max: 20 });
    await untilStatus(client, taskId, 'input_required');
    const waiting = await getTask(client, taskId);
    expect(waiting.statusMessage).toMatch(/^I am thinking of a number between 1 and 20\./);

    const result = await client.request(
      { method: 'tasks/result', params: { taskId } },
      CallToolResultSchema,
    );
    expect(textOf(result)).toMatch(/ it is: found in \d guess\(es\)\.$/);
    expect(asked.length).toBeGreaterThanOrEqual(1);
    expect(asked.length).toBeLessThanOrEqual(5);
    for (const request of asked) {
      expect(request.params._meta?.[RELATED_TASK]).toEqual({ taskId });
      expect(request.params).toMatchObject({
        mode: 'form',
        requestedSchema: {
          type: 'object',
          properties: { guess: { type: 'integer' } },
          required: ['guess'],
        },
      });
    }
    expect((await getTask(client, taskId)).status).toBe('completed');
  });

  it('hands a decline to the tool as such', async () => {
    const client = await fixture.connect('alice', ELICITS);
    client.setRequestHandler(ElicitRequestSchema, () => ({ action: 'decline' }));
    const taskId = await startTask(client, 'guess_number', { max: 10 });
    const result = await client.request(
      { method: 'tasks/result', params: { taskId } },
      CallToolResultSchema,
    );
    expect(textOf(result)).toMatch(/^You gave up after 0 guess\(es\); the number was \d+\.$/);
  });

  it('asks on the stream of a plain tools/call, without naming the hidden task', async () => {
    const client = await fixture.connect('alice', ELICITS);
    const asked: ElicitRequest[] = [];
    client.setRequestHandler(ElicitRequestSchema, bisectingPlayer(8, asked));
    const result = await client.request(
      { method: 'tools/call', params: { name: 'guess_number', arguments: { max: 8 } } },
      CallToolResultSchema,
    );
    expect(textOf(result)).toMatch(/ it is: found in \d guess\(es\)\.$/);
    expect(asked[0]!.params._meta?.[RELATED_TASK]).toBeUndefined();
  });

  it('cancels a task that waits for an answer', async () => {
    const client = await fixture.connect('alice', ELICITS);
    const taskId = await startTask(client, 'guess_number', {});
    await untilStatus(client, taskId, 'input_required');
    const cancelled = await client.request(
      { method: 'tasks/cancel', params: { taskId } },
      GetTaskResultSchema,
    );
    expect(cancelled.status).toBe('cancelled');
    expect(fixture.container.get(TaskRunner).runningCount).toBe(0);
  });

  it('expires a task that waits past its ttl', async () => {
    const client = await fixture.connect('alice', ELICITS);
    const taskId = await startTask(client, 'guess_number', {}, 1000);
    await untilStatus(client, taskId, 'input_required');
    await untilStatus(client, taskId, 'failed');
    const expired = await getTask(client, taskId);
    expect(expired.statusMessage).toMatch(/^Task expired: it was still running when its ttl/);
  });

  it("refuses another owner's attempt at the question exactly like an unknown task", async () => {
    const alice = await fixture.connect('alice', ELICITS);
    const mallory = await fixture.connect('mallory', ELICITS);
    const answered: ElicitRequest[] = [];
    mallory.setRequestHandler(ElicitRequestSchema, bisectingPlayer(10, answered));
    const taskId = await startTask(alice, 'guess_number', { max: 10 });
    await untilStatus(alice, taskId, 'input_required');

    const attempt = mallory.request(
      { method: 'tasks/result', params: { taskId } },
      CallToolResultSchema,
    );
    const unknown = mallory.request(
      { method: 'tasks/result', params: { taskId: 'f'.repeat(32) } },
      CallToolResultSchema,
    );
    const [theirs, nobodys] = await Promise.allSettled([attempt, unknown]);
    expect(theirs.status).toBe('rejected');
    expect(nobodys.status).toBe('rejected');
    const error = (outcome: PromiseSettledResult<unknown>) =>
      outcome.status === 'rejected' ? (outcome.reason as { code: number; message: string }) : {};
    expect({ ...error(theirs) }).toEqual({ ...error(nobodys) });
    expect(answered).toEqual([]);
    expect((await getTask(alice, taskId)).status).toBe('input_required');
    await alice.request({ method: 'tasks/cancel', params: { taskId } }, GetTaskResultSchema);
  });

  it('asks for the confirmation a catalogue job declares before its program starts', async () => {
    const client = await fixture.connect('alice', ELICITS);
    const asked: ElicitRequest[] = [];
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      asked.push(request);
      return { action: 'accept', content: {} };
    });
    const taskId = await startTask(client, 'simulate-deploy', { target: 'api' });
    await untilStatus(client, taskId, 'input_required');
    expect((await getTask(client, taskId)).statusMessage).toBe('Deploy api to production?');
    const result = await client.request(
      { method: 'tasks/result', params: { taskId } },
      CallToolResultSchema,
    );
    expect(asked.map((request) => request.params.message)).toEqual(['Deploy api to production?']);
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain('api is live');
  });

  it('runs nothing when the confirmation is declined', async () => {
    const client = await fixture.connect('alice', ELICITS);
    client.setRequestHandler(ElicitRequestSchema, () => ({ action: 'decline' }));
    const taskId = await startTask(client, 'simulate-deploy', { target: 'web' });
    const result = await client.request(
      { method: 'tasks/result', params: { taskId } },
      CallToolResultSchema,
    );
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      'simulate-deploy did not run: "Deploy web to production?" was declined',
    );
  });
});

describe('answers to questions over stateless HTTP', () => {
  let fixture: HttpFixture;

  beforeAll(async () => {
    fixture = await startHttpFixture({
      ownersByHeader: true,
      env: { TASK_MCP_HTTP_MODE: 'stateless' },
    });
  });
  afterAll(() => fixture.close());

  it("are taken only from the owner being asked: another owner's forged replies change nothing", async () => {
    const alice = await fixture.connect('alice', ELICITS);
    let reply: (result: ElicitResult) => void = () => undefined;
    const asked: ElicitRequest[] = [];
    alice.setRequestHandler(
      ElicitRequestSchema,
      (request) =>
        new Promise<ElicitResult>((resolve) => {
          asked.push(request);
          reply = resolve;
        }),
    );
    const taskId = await startTask(alice, 'guess_number', { max: 2 });
    const result = alice.request(
      { method: 'tasks/result', params: { taskId } },
      CallToolResultSchema,
    );
    await eventually(() => asked.length === 1);

    // Server request ids are a counter: mallory tries every plausible one, with both answers.
    const forged = Array.from({ length: 200 }, (_, index) =>
      [1, 2].map((guess) =>
        JSON.stringify({
          jsonrpc: '2.0',
          id: index,
          result: { action: 'accept', content: { guess } },
        }),
      ),
    ).flat();
    const posts = await Promise.all(
      forged.map((body) =>
        postRaw(fixture.url, body, {
          'x-test-owner': 'mallory',
          'mcp-protocol-version': '2025-11-25',
        }),
      ),
    );
    expect(posts.every((response) => response.status === 202)).toBe(true);
    const task = await getTask(alice, taskId);
    expect(task.status).toBe('input_required');
    expect(asked).toHaveLength(1);

    reply({ action: 'decline' });
    expect(textOf(await result)).toMatch(/^You gave up after 0 guess\(es\)/);
  });
});
