import 'reflect-metadata';
import { RELATED_TASK_META_KEY } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import {
  BoundedResultWait,
  type BoundedWait,
  type WaitingRequest,
} from '../../../../src/adapters/mcp/taskless/bounded-result-wait.js';
import { CreateTask } from '../../../../src/application/use-cases/create-task.js';
import { TaskNotFoundError } from '../../../../src/domain/index.js';
import { flushAsync } from '../../../support/fake-clock.js';
import { ScriptedLink } from '../../../support/scripted-link.js';
import { aPrincipal } from '../../../support/task-mother.js';
import { testContainer } from '../../../support/test-container.js';
import { GateTool, text } from '../../../support/test-tools.js';

const alice = aPrincipal('alice');
const bob = aPrincipal('bob');
const COLOUR = { message: 'Which colour?', requestedSchema: z.object({ colour: z.string() }) };

async function world() {
  const gate = new GateTool();
  const { container, clock } = testContainer({}, [gate]);
  const task = await container.get(CreateTask).run(alice, { toolName: 'gate', arguments: {} });
  await gate.started();
  const waits = container.get(BoundedResultWait);
  /** Starts a wait of `ms` as `who`; `settled` tells whether it has ended. */
  const waitFor = (
    ms: number,
    request: WaitingRequest = { signal: new AbortController().signal },
    who = alice,
  ) => {
    let settled = false;
    const waited: Promise<BoundedWait> = waits.run(who, task.id, ms, request);
    waited.then(
      () => (settled = true),
      () => (settled = true),
    );
    return { waited, settled: () => settled };
  };
  return { gate, clock, task, waits, waitFor, run: gate.runs[0]! };
}

describe('BoundedResultWait', () => {
  it("answers the task's outcome when it ends within the wait", async () => {
    const { waitFor, run, task } = await world();
    const { waited } = waitFor(20_000);
    await flushAsync();
    run.release(text('done'));
    const ended = await waited;
    expect('outcome' in ended && ended.outcome).toMatchObject({
      task: { id: task.id, status: 'completed' },
      result: { content: [{ type: 'text', text: 'done' }] },
    });
  });

  it('answers the task as it is when the time is up, and leaves its work running', async () => {
    const { waitFor, clock, run, task } = await world();
    const { waited, settled } = waitFor(5000);
    await flushAsync();
    clock.advance(4999);
    await flushAsync();
    expect(settled()).toBe(false);
    clock.advance(1);
    const ended = await waited;
    expect('working' in ended && ended.working).toMatchObject({ id: task.id, status: 'working' });
    expect(run.ctx.signal.aborted).toBe(false);
  });

  it('only looks when told to wait 0 s', async () => {
    const { waitFor, clock } = await world();
    const { waited } = waitFor(0);
    await flushAsync();
    clock.advance(0);
    expect(await waited).toHaveProperty('working');
  });

  it("refuses another owner's task exactly like an unknown one, before waiting or asking", async () => {
    const { waits, task } = await world();
    const link = new ScriptedLink();
    const signal = new AbortController().signal;
    const theirs = waits.run(bob, task.id, 1000, { signal, link });
    await expect(theirs).rejects.toBeInstanceOf(TaskNotFoundError);
    await expect(waits.run(alice, 'no-such-task', 1000, { signal })).rejects.toBeInstanceOf(
      TaskNotFoundError,
    );
    expect(link.asked).toEqual([]);
  });

  it('gives up with the request when the client goes away, leaving the task running', async () => {
    const { waitFor, run } = await world();
    const gone = new AbortController();
    const { waited } = waitFor(20_000, { signal: gone.signal });
    await flushAsync();
    gone.abort(new Error('client gone'));
    await expect(waited).rejects.toThrow('client gone');
    expect(run.ctx.signal.aborted).toBe(false);
  });

  it('asks the task’s questions during the wait, and holds past the time while one is out', async () => {
    const { waitFor, clock, run, task } = await world();
    const elicited = run.ctx.elicit(COLOUR);
    const link = new ScriptedLink();
    const { waited, settled } = waitFor(1000, { signal: new AbortController().signal, link });
    await link.questions();
    expect(link.asked[0]!.question.params._meta).toEqual({
      [RELATED_TASK_META_KEY]: { taskId: task.id },
    });
    clock.advance(1000);
    await flushAsync();
    // Someone may be typing the answer: the question is not withdrawn under them.
    expect(settled()).toBe(false);
    expect(link.asked[0]!.signal.aborted).toBe(false);
    link.asked[0]!.answer({
      reply: { id: 1, result: { action: 'accept', content: { colour: 'green' } } },
      from: alice,
    });
    expect(await elicited).toEqual({ action: 'accept', content: { colour: 'green' } });
    const ended = await waited;
    expect('working' in ended && ended.working.status).toBe('working');
  });
});
