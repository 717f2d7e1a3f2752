import 'reflect-metadata';
import { RELATED_TASK_META_KEY } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { MessageClassifier } from '../../../../src/adapters/mcp/inbound/message-classifier.js';
import { ClientLinks } from '../../../../src/adapters/mcp/link/client-links.js';
import { QuestionRelays } from '../../../../src/adapters/mcp/link/question-relay.js';
import { PROTOCOL_2025 } from '../../../../src/adapters/mcp/protocol-versions.js';
import { CLOCK } from '../../../../src/application/ports/clock.js';
import type { Principal } from '../../../../src/application/ports/identity-provider.js';
import { LOGGER } from '../../../../src/application/ports/logger.js';
import { TASK_STORE, type TaskStore } from '../../../../src/application/ports/task-store.js';
import { ElicitationUnavailableError } from '../../../../src/application/tool-kit/task-context.js';
import { CreateTask } from '../../../../src/application/use-cases/create-task.js';
import type { Task } from '../../../../src/domain/index.js';
import { FakeClock, flushAsync } from '../../../support/fake-clock.js';
import { aRequest, bodyOf } from '../../../support/inbound.js';
import { RecordingExchange } from '../../../support/recording-exchange.js';
import { RecordingLogger } from '../../../support/recording-logger.js';
import { ScriptedLink } from '../../../support/scripted-link.js';
import { aPrincipal } from '../../../support/task-mother.js';
import { testContainer } from '../../../support/test-container.js';
import { GateTool } from '../../../support/test-tools.js';

const SCOPES_ENFORCED = {
  TASK_MCP_AUTH_ISSUER: 'https://idp.example.test',
  TASK_MCP_AUTH_AUDIENCE: 'https://mcp.example.test/mcp',
};
/** Alice may create tasks and answer their questions. */
const alice = aPrincipal('alice', ['tasks:create', 'tasks:read']);
/** Alice on a token that may only read her tasks. */
const aliceReading = aPrincipal('alice', ['tasks:read']);
/** Alice on a token that may only create tasks (and so answer their questions). */
const aliceCreating = aPrincipal('alice', ['tasks:create']);

const COLOUR = { message: 'Which colour?', requestedSchema: z.object({ colour: z.string() }) };

/**
 * The real container with a gate tool; its clock reads the real time, since a relay's question
 * stands until the task expires by the wall clock.
 */
function world(env: Record<string, string> = {}) {
  const gate = new GateTool();
  const { container } = testContainer(env, [gate]);
  container.rebind(CLOCK).toConstantValue(new FakeClock(Date.now()));
  const logger = new RecordingLogger();
  container.rebind(LOGGER).toConstantValue(logger);
  const store = container.get<TaskStore>(TASK_STORE);
  /** Starts a gate task as `owner` and has it ask COLOUR; resolves once it is waiting. */
  const taskAsking = async (owner: Principal = alice) => {
    const task = await container.get(CreateTask).run(owner, { toolName: 'gate', arguments: {} });
    await gate.started();
    const elicited = gate.runs[0]!.ctx.elicit(COLOUR);
    elicited.catch(() => undefined);
    return { task, elicited };
  };
  const current = async (task: Task): Promise<Task> => (await store.get(task.owner, task.id))!;
  return { container, gate, logger, relays: container.get(QuestionRelays), taskAsking, current };
}

describe('QuestionRelays', () => {
  it("asks the client each of the task's questions once, naming the task when it may", async () => {
    const { relays, taskAsking } = world();
    const { task } = await taskAsking();
    const link = new ScriptedLink();
    const relay = relays.start(task, link, true);
    await link.questions();
    await flushAsync();
    expect(link.asked).toHaveLength(1);
    const [asked] = link.asked;
    expect(asked!.question).toEqual({
      method: 'elicitation/create',
      params: {
        mode: 'form',
        message: 'Which colour?',
        requestedSchema: {
          type: 'object',
          properties: { colour: { type: 'string' } },
          required: ['colour'],
        },
        _meta: { [RELATED_TASK_META_KEY]: { taskId: task.id } },
      },
    });
    expect(asked!.timeoutMs).toBeGreaterThan(1);
    relay.stop();
    expect(asked!.signal.aborted).toBe(true);
  });

  it("never names the task of a plain tools/call, the server's own business", async () => {
    const { relays, taskAsking } = world();
    const { task } = await taskAsking();
    const link = new ScriptedLink();
    relays.start(task, link, false);
    await link.questions();
    expect(link.asked[0]!.question.params._meta).toEqual({});
  });

  it('asks nothing of a client that declared no elicitation', async () => {
    const { relays, taskAsking, current } = world();
    const { task } = await taskAsking();
    const silent = new ScriptedLink(false);
    relays.start(task, silent, true);
    // Another caller of the same task, started after it, is asked: the first had its chance.
    const asking = new ScriptedLink(true);
    relays.start(task, asking, true);
    await asking.questions();
    await flushAsync();
    expect(silent.asked).toEqual([]);
    expect((await current(task)).status).toBe('input_required');
  });

  it('says whether a question is out, and tells its listener once it is settled', async () => {
    const { relays, taskAsking } = world();
    const { task, elicited } = await taskAsking();
    const link = new ScriptedLink();
    let quiet = 0;
    const relay = relays.start(task, link, true, () => quiet++);
    expect(relay.asking).toBe(false);
    await link.questions();
    expect(relay.asking).toBe(true);
    expect(quiet).toBe(0);
    link.asked[0]!.answer({
      reply: { id: 1, result: { action: 'accept', content: { colour: 'red' } } },
      from: alice,
    });
    await elicited;
    await flushAsync();
    expect(relay.asking).toBe(false);
    expect(quiet).toBe(1);
    relay.stop();
  });

  it('records an accepted answer, and the tool reads it', async () => {
    const { relays, taskAsking } = world();
    const { task, elicited } = await taskAsking();
    const link = new ScriptedLink();
    relays.start(task, link, true);
    await link.questions();
    link.asked[0]!.answer({
      reply: { id: 1, result: { action: 'accept', content: { colour: 'blue' } } },
      from: alice,
    });
    expect(await elicited).toEqual({ action: 'accept', content: { colour: 'blue' } });
  });

  it('records the question as undeliverable when the client answers -32601, so the tool learns why', async () => {
    const { relays, taskAsking } = world();
    const { task, elicited } = await taskAsking();
    const link = new ScriptedLink();
    relays.start(task, link, true);
    await link.questions();
    link.asked[0]!.answer({
      reply: { id: 1, error: { code: -32601, message: 'Method not found' } },
      from: alice,
    });
    await expect(elicited).rejects.toBeInstanceOf(ElicitationUnavailableError);
    await expect(elicited).rejects.toMatchObject({
      code: -32021,
      data: { requiredCapabilities: { elicitation: {} } },
      message:
        'The task cannot ask its caller a question: the client answered elicitation/create with -32601 (it takes no questions)',
    });
  });

  it('leaves the question open when the client answers another error or no elicitation result', async () => {
    for (const reply of [
      { id: 1, error: { code: -32603, message: 'the form broke' } },
      { id: 1, result: { action: 'maybe' } },
    ]) {
      const { relays, taskAsking, current, logger } = world();
      const { task } = await taskAsking();
      const link = new ScriptedLink();
      relays.start(task, link, true);
      await link.questions();
      link.asked[0]!.answer({ reply, from: alice });
      await flushAsync();
      const now = await current(task);
      expect(now.status).toBe('input_required');
      expect(Object.keys(now.input!.requests)).toHaveLength(1);
      expect(logger.lines).toContainEqual(
        expect.objectContaining({
          level: 'debug',
          message: 'a question to the client went unanswered',
        }),
      );
    }
  });

  it('records an answer under the principal that sent it, who needs the scope to answer', async () => {
    const accepted = {
      reply: { id: 1, result: { action: 'accept', content: { colour: 'red' } } },
    };
    const refused = world(SCOPES_ENFORCED);
    const first = await refused.taskAsking();
    const readerLink = new ScriptedLink();
    refused.relays.start(first.task, readerLink, true);
    await readerLink.questions();
    readerLink.asked[0]!.answer({ ...accepted, from: aliceReading });
    await flushAsync();
    expect(refused.logger.lines).toContainEqual({
      level: 'debug',
      message: 'a question to the client went unanswered',
      fields: {
        task: first.task.id,
        reason: expect.stringContaining('This request needs the scope(s) tasks:create'),
      },
    });
    expect((await refused.current(first.task)).status).toBe('input_required');

    const taken = world(SCOPES_ENFORCED);
    const second = await taken.taskAsking();
    const creatorLink = new ScriptedLink();
    taken.relays.start(second.task, creatorLink, true);
    await creatorLink.questions();
    creatorLink.asked[0]!.answer({ ...accepted, from: aliceCreating });
    expect(await second.elicited).toEqual({ action: 'accept', content: { colour: 'red' } });
  });

  it('over a link: the answer counts under whoever replied, not under the request that waits', async () => {
    const { container, taskAsking, gate } = world(SCOPES_ENFORCED);
    const classifier = container.get(MessageClassifier);
    const link = container.get(ClientLinks).open({ oneClient: true });
    const send = (value: unknown, principal: Principal, exchange = new RecordingExchange()) => {
      link.receive(classifier.classify(bodyOf(value), PROTOCOL_2025).messages, principal, exchange);
      return exchange;
    };
    await send(
      aRequest(
        'initialize',
        { protocolVersion: '2025-11-25', capabilities: { elicitation: {} } },
        0,
      ),
      alice,
    ).answerTo(0);
    const { task, elicited } = await taskAsking();
    // The waiter may read the task but not answer it; the reply comes from a token that may.
    const waiting = send(aRequest('tasks/result', { taskId: task.id }, 'wait'), aliceReading);
    const question = await waiting.question();
    send(
      {
        jsonrpc: '2.0',
        id: question.id,
        result: { action: 'accept', content: { colour: 'green' } },
      },
      aliceCreating,
    );
    expect(await elicited).toEqual({ action: 'accept', content: { colour: 'green' } });
    gate.runs[0]!.release({ content: [{ type: 'text', text: 'green it is' }] });
    expect(await waiting.answerTo('wait')).toMatchObject({
      result: { content: [{ type: 'text', text: 'green it is' }] },
    });
  });
});
