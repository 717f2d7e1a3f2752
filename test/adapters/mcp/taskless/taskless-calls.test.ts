import 'reflect-metadata';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { TasklessCalls } from '../../../../src/adapters/mcp/taskless/taskless-calls.js';
import { CANCEL_TASKS, READ_TASKS } from '../../../../src/application/policy/access-policy.js';
import { ElicitationUnavailableError } from '../../../../src/application/tool-kit/task-context.js';
import { GetTask } from '../../../../src/application/use-cases/get-task.js';
import { TASKS_EXTENSION } from '../../../../src/adapters/mcp/protocol-versions.js';
import {
  aRequestMeta,
  aScope2025,
  aScope2026,
  EchoTool,
  methodWorld,
  RecordingRequestLink,
  wireErrorOf,
} from '../../../support/mcp-methods.js';
import { flushAsync } from '../../../support/fake-clock.js';
import { aPrincipal } from '../../../support/task-mother.js';
import { testContainer } from '../../../support/test-container.js';

const alice = aPrincipal('alice');
const HANDLES = { TASK_MCP_TASKLESS_CLIENTS: 'handles' };
const COLOUR = { message: 'Which colour?', requestedSchema: z.object({ colour: z.string() }) };

function world(env: Record<string, string> = HANDLES) {
  const w = methodWorld(env);
  const calls = w.container.get(TasklessCalls);
  const statusOf = async (taskId: unknown) =>
    (await w.container.get(GetTask).run(alice, String(taskId))).task.status;
  return { ...w, calls, statusOf };
}

/** The task id a handle answer carries, once it is checked to be an ordinary CallToolResult. */
function handleOf(answer: Record<string, unknown>): string {
  expect(CallToolResultSchema.safeParse(answer).success).toBe(true);
  const structured = answer.structuredContent as { taskId: string; status: string };
  expect(structured.status).toBe('working');
  return structured.taskId;
}

describe('TasklessCalls', () => {
  describe('off (the default)', () => {
    it('takes no call and chooses no operation: tools/call is as it always was', () => {
      const { calls } = world({});
      expect(calls.takes2025({ name: 'gate_required', args: {} })).toBe(false);
      expect(calls.takes2025({ name: 'task_status', args: {} })).toBe(false);
      expect(calls.takes2026({ name: 'gate', args: {} }, aRequestMeta())).toBe(false);
      expect(calls.operationOf('task_status')).toBeUndefined();
    });
  });

  describe('handles', () => {
    it('takes the four tools, and task tools called without a task, on both versions', () => {
      const { calls } = world();
      for (const name of ['task_status', 'task_result', 'task_cancel', 'task_list']) {
        expect(calls.takes2025({ name, args: {} })).toBe(true);
        expect(calls.takes2025({ name, args: {}, task: {} })).toBe(true);
        expect(calls.takes2026({ name, args: {} }, aRequestMeta({ tasks: true }))).toBe(true);
      }
      for (const name of ['gate', 'gate_required']) {
        expect(calls.takes2025({ name, args: {} })).toBe(true);
        expect(calls.takes2025({ name, args: {}, task: {} })).toBe(false);
        expect(calls.takes2026({ name, args: {} }, aRequestMeta())).toBe(true);
        expect(calls.takes2026({ name, args: {} }, aRequestMeta({ tasks: true }))).toBe(false);
      }
      for (const name of ['echo_forbidden', 'no_such_tool', '__proto__']) {
        expect(calls.takes2025({ name, args: {} })).toBe(false);
        expect(calls.takes2026({ name, args: {} }, aRequestMeta())).toBe(false);
      }
    });

    it('asks the scopes of the task methods for the four tools, and leaves any other to tools/call', () => {
      const { calls } = world();
      expect(calls.operationOf('task_status')).toBe(READ_TASKS);
      expect(calls.operationOf('task_cancel')).toBe(CANCEL_TASKS);
      expect(calls.operationOf('gate')).toBeUndefined();
    });

    it('2025-11-25: starts a required tool without a task and answers its handle at once', async () => {
      const w = world();
      const link = new RecordingRequestLink();
      const answer = await w.calls.serve2025(
        { name: 'gate_required', args: {} },
        aScope2025(alice, link, { progressToken: 'p-1' }),
      );
      const taskId = handleOf(answer);
      await w.required.started();
      expect(await w.statusOf(taskId)).toBe('working');
      // The client asked for no task: it is sent nothing about one after this answer.
      w.required.runs[0]!.ctx.reportProgress(1, 2);
      await flushAsync();
      expect(link.followed).toEqual([]);
      expect(link.notified).toEqual([]);
      expect(link.lateProgress).toEqual([]);
      w.required.runs[0]!.release({ content: [] });
      expect((await w.settled(alice, taskId)).task.status).toBe('completed');
    });

    it('2025-11-25: a question waits for task_result when the client takes questions', async () => {
      const w = world();
      const taskId = handleOf(
        await w.calls.serve2025({ name: 'gate', args: {} }, aScope2025(alice)),
      );
      await w.gate.started();
      void w.gate.runs[0]!.ctx.elicit(COLOUR).catch(() => undefined);
      await w.reaches(alice, taskId, 'input_required');
    });

    it('2025-11-25: a question fails at once when the client declared it takes none', async () => {
      const w = world();
      await w.calls.serve2025(
        { name: 'gate', args: {} },
        aScope2025(alice, new RecordingRequestLink(false)),
      );
      await w.gate.started();
      const asked = w.gate.runs[0]!.ctx.elicit(COLOUR);
      await expect(asked).rejects.toBeInstanceOf(ElicitationUnavailableError);
      await expect(asked).rejects.toMatchObject({
        data: { requiredCapabilities: { elicitation: {} } },
      });
    });

    it('2025-11-25: refuses one of the four tools called as a task, as any forbidden tool', async () => {
      const { calls } = world();
      expect(
        await wireErrorOf(() =>
          calls.serve2025({ name: 'task_list', args: {}, task: {} }, aScope2025(alice)),
        ),
      ).toEqual({
        code: -32601,
        message: "Tool 'task_list' cannot be called as a task: call it without params.task",
        data: { reason: 'TASK_FORBIDDEN' },
      });
    });

    it('serves the four tools on both versions, 2026-07-28 marking its result complete', async () => {
      const w = world();
      const taskId = handleOf(
        await w.calls.serve2025({ name: 'gate', args: {} }, aScope2025(alice)),
      );
      const on2025 = await w.calls.serve2025(
        { name: 'task_status', args: { taskId } },
        aScope2025(alice),
      );
      const on2026 = await w.calls.serve2026(
        { name: 'task_status', args: { taskId } },
        aScope2026(alice, {}),
      );
      expect(on2026).toEqual({ ...on2025, resultType: 'complete' });
    });

    it('2026-07-28 without the extension: answers the handle, and the task can ask nothing', async () => {
      const w = world();
      const answer = await w.calls.serve2026(
        { name: 'gate', args: {} },
        aScope2026(alice, { elicitation: true }),
      );
      expect(answer.resultType).toBe('complete');
      handleOf(answer);
      await w.gate.started();
      await expect(w.gate.runs[0]!.ctx.elicit(COLOUR)).rejects.toMatchObject({
        data: { requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } } },
      });
    });

    it('2026-07-28 without the extension: settles a first question within the call first', async () => {
      const w = world();
      const scope = aScope2026(alice, { elicitation: true });
      const asked = await w.calls.serve2026({ name: 'confirm', args: {} }, scope);
      expect(asked).toMatchObject({ resultType: 'input_required' });
      const answered = await w.calls.serve2026(
        {
          name: 'confirm',
          args: {},
          inputResponses: { 'first-question': { action: 'accept', content: { sure: true } } },
        },
        scope,
      );
      const taskId = handleOf(answered);
      const outcome = await w.settled(alice, taskId);
      expect(outcome.result).toEqual({ content: [{ type: 'text', text: 'sure: true' }] });
      expect(
        await wireErrorOf(() =>
          w.calls.serve2026({ name: 'confirm', args: {} }, aScope2026(alice, {})),
        ),
      ).toMatchObject({ code: -32021, data: { requiredCapabilities: { elicitation: {} } } });
    });

    it('refuses to start beside a tool of its own of the same name', () => {
      const clash = [new EchoTool('task_status')];
      const on = testContainer(HANDLES, clash).container;
      expect(() => on.get(TasklessCalls)).toThrow(
        "TASK_MCP_TASKLESS_CLIENTS=handles adds a tool named 'task_status', and this server already has one; rename that tool",
      );
      expect(() => testContainer({}, clash).container.get(TasklessCalls)).not.toThrow();
    });
  });
});
