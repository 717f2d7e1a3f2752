import { TASKS_EXTENSION } from '../../../../src/adapters/mcp/protocol-versions.js';
import {
  aScope2025,
  aScope2026,
  call2025,
  call2026,
  methodWorld,
  wireErrorOf,
  refusalOf,
} from '../../../support/mcp-methods.js';
import { aPrincipal } from '../../../support/task-mother.js';
import { text } from '../../../support/test-tools.js';

const alice = aPrincipal('alice');
const bob = aPrincipal('bob');
const YES = { action: 'accept', content: { sure: true } };

/** A world with alice's `confirm` task waiting for its first question's answer, under input-1. */
async function withOpenQuestion() {
  const w = methodWorld();
  const created = await call2025(
    w.method('tools/call'),
    { name: 'confirm', task: {} },
    aScope2025(alice),
  );
  const taskId = (created.task as { taskId: string }).taskId;
  await w.reaches(alice, taskId, 'input_required');
  const statusOf = async (): Promise<unknown> =>
    (await call2025(w.method('tasks/get'), { taskId }, aScope2025(alice))).status;
  return { w, taskId, statusOf };
}

describe('tasks/update', () => {
  it('is a tasks extension method only, routed by the task id, asking to answer tasks', () => {
    const update = methodWorld().method('tasks/update');
    expect(update.name).toBe('tasks/update');
    expect(update.v2025).toBeUndefined();
    expect(update.v2026).toBeDefined();
    expect(update.routingField).toBe('taskId');
    expect(update.creates).toBeUndefined();
    expect(update.operation?.({ taskId: 'x' })).toEqual({ kind: 'answer' });
  });

  it('reads the task id and the answers, which it requires', () => {
    const { parse } = methodWorld().method('tasks/update').v2026!;
    expect(parse({ taskId: 't', inputResponses: { 'input-1': YES } })).toEqual({
      taskId: 't',
      inputResponses: { 'input-1': YES },
    });
    expect(refusalOf(() => parse({ inputResponses: {} })).message).toBe(
      'Invalid params: params.taskId must be a string',
    );
    for (const params of [{ taskId: 't' }, { taskId: 't', inputResponses: 'yes' }]) {
      expect(refusalOf(() => parse(params)).toJson()).toEqual({
        code: -32602,
        message:
          'Invalid params: params.inputResponses must be an object of answers keyed by question',
      });
    }
    expect(refusalOf(() => parse({ taskId: 't', inputResponses: { 'input-1': [] } })).message).toBe(
      'Invalid params: each answer must be an object',
    );
    const longKey = refusalOf(() =>
      parse({ taskId: 't', inputResponses: { ['q'.repeat(129)]: YES } }),
    );
    expect(longKey.toJson()).toEqual({
      code: -32602,
      message: 'Invalid params: a question key is longer than 128 characters',
    });
    expect(longKey.malformed).toBe(true);
  });

  it('records an answer to an open question, acknowledges, and the task goes on with it', async () => {
    const { w, taskId } = await withOpenQuestion();
    expect(
      await call2026(
        w.method('tasks/update'),
        { taskId, inputResponses: { 'input-1': YES } },
        aScope2026(alice),
      ),
    ).toEqual({ resultType: 'complete' });
    expect((await w.settled(alice, taskId)).result).toEqual(text('sure: true'));
  });

  it('ignores answers to questions that are not open, inherited names included', async () => {
    const { w, taskId, statusOf } = await withOpenQuestion();
    expect(
      await call2026(
        w.method('tasks/update'),
        { taskId, inputResponses: { 'input-9': YES, constructor: YES, toString: YES } },
        aScope2026(alice),
      ),
    ).toEqual({ resultType: 'complete' });
    expect(await statusOf()).toBe('input_required');
  });

  it('refuses an answer that does not fit its question, recording nothing', async () => {
    const { w, taskId, statusOf } = await withOpenQuestion();
    const error = await wireErrorOf(() =>
      call2026(
        w.method('tasks/update'),
        { taskId, inputResponses: { 'input-1': { action: 'accept', content: { sure: 'yes' } } } },
        aScope2026(alice),
      ),
    );
    expect(error).toEqual({
      code: -32602,
      message: expect.stringMatching(/^The answer does not fit the requested schema: .*boolean/),
      data: { reason: 'INVALID_ARGUMENT' },
    });
    expect(await statusOf()).toBe('input_required');
  });

  it('refuses a client that does not declare the extension with -32021', async () => {
    const { w, taskId, statusOf } = await withOpenQuestion();
    expect(
      await wireErrorOf(() =>
        call2026(
          w.method('tasks/update'),
          { taskId, inputResponses: { 'input-1': YES } },
          aScope2026(alice, { elicitation: true }),
        ),
      ),
    ).toEqual({
      code: -32021,
      message: `Missing required client capability: tasks/update is part of the tasks extension; declare "${TASKS_EXTENSION}" in the request's client capabilities`,
      data: { requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } } },
    });
    expect(await statusOf()).toBe('input_required');
  });

  it("answers another owner's task exactly like an unknown one, recording nothing", async () => {
    const { w, taskId, statusOf } = await withOpenQuestion();
    const update = w.method('tasks/update');
    const answers = { 'input-1': YES };
    const foreign = await wireErrorOf(() =>
      call2026(update, { taskId, inputResponses: answers }, aScope2026(bob)),
    );
    const unknown = await wireErrorOf(() =>
      call2026(update, { taskId: 'no-such-task', inputResponses: answers }, aScope2026(bob)),
    );
    expect(foreign).toEqual({
      code: -32602,
      message: 'Task not found',
      data: { reason: 'NOT_FOUND' },
    });
    expect(unknown).toEqual(foreign);
    expect(await statusOf()).toBe('input_required');
  });
});
