import 'reflect-metadata';
import { MessageClassifier } from '../../../../src/adapters/mcp/inbound/message-classifier.js';
import type { OutboundMessage } from '../../../../src/adapters/mcp/json-rpc/messages.js';
import { ClientLink, type LinkSettings } from '../../../../src/adapters/mcp/link/client-link.js';
import type { Question } from '../../../../src/adapters/mcp/link/request-link.js';
import { McpDispatcher } from '../../../../src/adapters/mcp/methods/mcp-dispatcher.js';
import { MCP_METHOD } from '../../../../src/adapters/mcp/methods/mcp-method.js';
import { PROTOCOL_2025 } from '../../../../src/adapters/mcp/protocol-versions.js';
import { TASK_EVENTS, type TaskEvents } from '../../../../src/application/ports/task-events.js';
import type { Principal } from '../../../../src/application/ports/identity-provider.js';
import { updateStatusMessage } from '../../../../src/domain/index.js';
import { flushAsync } from '../../../support/fake-clock.js';
import { aNotification, aRequest, bodyOf } from '../../../support/inbound.js';
import { ProbeMethod } from '../../../support/probe-method.js';
import { RecordingExchange } from '../../../support/recording-exchange.js';
import { aPrincipal, aTask } from '../../../support/task-mother.js';
import { testContainer } from '../../../support/test-container.js';

const alice = aPrincipal('alice', ['tasks:read']);
/** The same owner as alice on another token: a second tab, a second request. */
const aliceElsewhere = aPrincipal('alice', ['tasks:create']);
const bob = aPrincipal('bob', ['tasks:read']);

const QUESTION: Question = {
  method: 'elicitation/create',
  params: { mode: 'form', message: 'Which colour?', requestedSchema: { type: 'object' } },
};
const CONNECTION_CLOSED = { code: -32000, message: 'Connection closed' };

/** A link served from the real method table (plus the probe), and what it sends on its own. */
function world(settings: Omit<LinkSettings, 'standalone'> & { standalone?: boolean }) {
  const probe = new ProbeMethod();
  const { container } = testContainer();
  container.bind(MCP_METHOD).toConstantValue(probe);
  const classifier = container.get(MessageClassifier);
  const events = container.get<TaskEvents>(TASK_EVENTS);
  const standalone: OutboundMessage[] = [];
  const link = new ClientLink(
    { dispatcher: container.get(McpDispatcher), events },
    {
      oneClient: settings.oneClient,
      ...(settings.standalone ? { standalone: (message) => standalone.push(message) } : {}),
      ...(settings.contextOf ? { contextOf: settings.contextOf } : {}),
    },
  );
  /** Sends `value` (a message or a batch) as `principal` on a new exchange, or the one given. */
  const send = (
    value: unknown,
    principal: Principal = alice,
    exchange = new RecordingExchange(),
  ): RecordingExchange => {
    link.receive(classifier.classify(bodyOf(value), PROTOCOL_2025).messages, principal, exchange);
    return exchange;
  };
  return { link, probe, send, standalone, events };
}

const reply = (id: number, result: Record<string, unknown> = { action: 'accept' }) => ({
  jsonrpc: '2.0',
  id,
  result,
});
const cancelled = (requestId: string | number) =>
  aNotification('notifications/cancelled', { requestId, reason: 'changed my mind' });

/** Settles `promise` into a value a test can look at without awaiting it first. */
function watch<T>(promise: Promise<T>): { settled: boolean; value?: T; error?: Error } {
  const state: { settled: boolean; value?: T; error?: Error } = { settled: false };
  promise.then(
    (value) => Object.assign(state, { settled: true, value }),
    (error: Error) => Object.assign(state, { settled: true, error }),
  );
  return state;
}

describe('ClientLink', () => {
  describe('answers', () => {
    it('answers every request and every invalid message exactly once', async () => {
      const { send } = world({ oneClient: true });
      const exchange = send([
        aRequest('ping', undefined, 1),
        { jsonrpc: '1.0', id: 2, method: 'ping' },
        aNotification('notifications/initialized'),
        aRequest('tools/list', undefined, 3),
        aRequest('no/such/method', undefined, 4),
        7,
      ]);
      await exchange.answerTo(1);
      await exchange.answerTo(3);
      await flushAsync();
      const ids = exchange.answers.map((answer) => answer.id);
      expect(ids).toHaveLength(5);
      expect(new Set(ids)).toEqual(new Set([1, 2, 3, 4, null]));
      expect(await exchange.answerTo(1)).toEqual({ jsonrpc: '2.0', id: 1, result: {} });
      expect(await exchange.answerTo(2)).toMatchObject({ error: { code: -32600 } });
      expect(await exchange.answerTo(4)).toMatchObject({
        error: { code: -32601, message: 'Method not found: no/such/method' },
      });
      expect(await exchange.answerTo(null)).toMatchObject({ error: { code: -32600 } });
      expect(exchange.related).toEqual([]);
    });

    it('answers a refused request at once, without running it', () => {
      const { send, probe } = world({ oneClient: true });
      const exchange = send(aRequest('test/probe', { _meta: 'not an object' }, 9));
      expect(exchange.answers).toEqual([
        {
          jsonrpc: '2.0',
          id: 9,
          error: { code: -32602, message: 'Invalid params: params._meta must be an object' },
        },
      ]);
      expect(probe.calls).toHaveLength(0);
    });

    it('answers what the handler returns, or its error through the error table', async () => {
      const { send, probe } = world({ oneClient: true });
      const exchange = send([aRequest('test/probe', {}, 'a'), aRequest('test/probe', {}, 'b')]);
      await probe.called(2);
      probe.calls[0]!.finish({ ok: true });
      probe.calls[1]!.fail(new Error('/secret/path exploded'));
      expect(await exchange.answerTo('a')).toEqual({
        jsonrpc: '2.0',
        id: 'a',
        result: { ok: true },
      });
      expect(await exchange.answerTo('b')).toEqual({
        jsonrpc: '2.0',
        id: 'b',
        error: { code: -32603, message: 'Internal error' },
      });
    });

    it('serves a request in the request context its transport names', async () => {
      const { send, probe } = world({
        oneClient: true,
        contextOf: (id) => ({ requestId: `req-${String(id)}`, clientAddress: 'test' }),
      });
      send(aRequest('test/probe', {}, 42));
      await probe.called();
      expect(probe.calls[0]!.context).toEqual({ requestId: 'req-42', clientAddress: 'test' });
    });

    it('stops a request whose client went away, and answers it nothing', async () => {
      const { send, probe } = world({ oneClient: true });
      const exchange = send(aRequest('test/probe', {}, 1));
      await probe.called();
      exchange.abandon();
      const { signal } = probe.calls[0]!.scope;
      expect(signal.aborted).toBe(true);
      expect((signal.reason as Error).message).toBe('The client closed the connection');
      probe.calls[0]!.finish();
      await flushAsync();
      expect(exchange.answers).toEqual([]);
    });

    it('sends what a request relates about itself only until it is answered', async () => {
      const { send, probe } = world({ oneClient: true });
      const exchange = send(aRequest('test/probe', {}, 1));
      await probe.called();
      const { link } = probe.calls[0]!.scope;
      link.notify('notifications/progress', { progressToken: 't', progress: 1 });
      probe.calls[0]!.finish();
      await exchange.answerTo(1);
      link.notify('notifications/progress', { progressToken: 't', progress: 2 });
      expect(exchange.events).toEqual([
        {
          related: {
            jsonrpc: '2.0',
            method: 'notifications/progress',
            params: { progressToken: 't', progress: 1 },
          },
        },
        { answer: { jsonrpc: '2.0', id: 1, result: {} } },
      ]);
    });
  });

  describe('notifications/cancelled', () => {
    it('stops the named request and drops its answer', async () => {
      const { send, probe } = world({ oneClient: true });
      const exchange = send(aRequest('test/probe', {}, 5));
      await probe.called();
      send(cancelled(5), alice, exchange);
      const { signal } = probe.calls[0]!.scope;
      expect(signal.aborted).toBe(true);
      expect((signal.reason as Error).message).toBe('The client cancelled the request');
      expect(exchange.drops).toBe(1);
      probe.calls[0]!.finish();
      await flushAsync();
      expect(exchange.answers).toEqual([]);
    });

    it('on a one-client link, may name a request of another exchange', async () => {
      const { send, probe } = world({ oneClient: true });
      const first = send(aRequest('test/probe', {}, 5));
      await probe.called();
      const second = send(cancelled(5));
      expect(probe.calls[0]!.scope.signal.aborted).toBe(true);
      expect(first.drops).toBe(1);
      expect(second.events).toEqual([]);
      probe.calls[0]!.finish();
      await flushAsync();
      expect(first.answers).toEqual([]);
    });

    it('on a stateless link, cancels only within the same exchange', async () => {
      const { send, probe } = world({ oneClient: false });
      const first = send(aRequest('test/probe', {}, 5));
      await probe.called();
      send(cancelled(5));
      expect(probe.calls[0]!.scope.signal.aborted).toBe(false);
      expect(first.drops).toBe(0);
      probe.calls[0]!.finish();
      expect(await first.answerTo(5)).toEqual({ jsonrpc: '2.0', id: 5, result: {} });

      const batch = send([aRequest('test/probe', {}, 6), cancelled(6)]);
      await probe.called(2);
      expect(probe.calls[1]!.scope.signal.aborted).toBe(true);
      expect(batch.drops).toBe(1);
    });

    it('tells the id 5 from the id "5"', async () => {
      const { send, probe } = world({ oneClient: true });
      const exchange = send(aRequest('test/probe', {}, 5));
      await probe.called();
      send(cancelled('5'));
      expect(probe.calls[0]!.scope.signal.aborted).toBe(false);
      probe.calls[0]!.finish();
      expect(await exchange.answerTo(5)).toMatchObject({ result: {} });
    });

    it('changes nothing for a request already answered, or one never made', async () => {
      const { send, probe } = world({ oneClient: true });
      const exchange = send(aRequest('test/probe', {}, 1));
      await probe.called();
      probe.calls[0]!.finish();
      await exchange.answerTo(1);
      send(cancelled(1), alice, exchange);
      send(cancelled(99), alice, exchange);
      send(aNotification('notifications/cancelled', { requestId: { id: 1 } }), alice, exchange);
      expect(exchange.drops).toBe(0);
      expect(exchange.answers).toHaveLength(1);
    });
  });

  describe("the server's questions", () => {
    async function asking(settings: { oneClient: boolean } = { oneClient: true }) {
      const w = world(settings);
      const exchange = w.send(aRequest('test/probe', {}, 1));
      await w.probe.called();
      const call = w.probe.calls[0]!;
      const ask = (signal = new AbortController().signal, timeoutMs = 600_000) =>
        call.scope.link.ask(QUESTION, { timeoutMs, signal });
      return { ...w, exchange, call, ask };
    }

    it("sends a question on the asking request's exchange, with an id of the server's", async () => {
      const { exchange, ask } = await asking();
      void ask().catch(() => undefined);
      void ask().catch(() => undefined);
      expect(exchange.related).toEqual([
        { jsonrpc: '2.0', id: 1, method: QUESTION.method, params: QUESTION.params },
        { jsonrpc: '2.0', id: 2, method: QUESTION.method, params: QUESTION.params },
      ]);
    });

    it('matches a reply to its question by id, saying who sent it', async () => {
      const { send, ask } = await asking();
      const first = watch(ask());
      const second = ask();
      send(reply(2, { action: 'decline' }), aliceElsewhere);
      expect(await second).toEqual({
        reply: { kind: 'reply', id: 2, result: { action: 'decline' } },
        from: aliceElsewhere,
      });
      await flushAsync();
      expect(first.settled).toBe(false);
    });

    it('passes on an error reply as it came', async () => {
      const { send, ask } = await asking();
      const answer = ask();
      send({ jsonrpc: '2.0', id: 1, error: { code: -32601, message: 'Method not found' } });
      expect((await answer).reply.error).toEqual({
        code: -32601,
        message: 'Method not found',
        data: undefined,
      });
    });

    it('takes a reply only from the owner the question was put to', async () => {
      const { send, ask } = await asking();
      const answer = watch(ask());
      send(reply(1), bob);
      await flushAsync();
      expect(answer.settled).toBe(false);
      send(reply(1), alice);
      await flushAsync();
      expect(answer.value?.from).toBe(alice);
    });

    it('ignores replies to questions it never asked or that are settled', async () => {
      const { send, ask, exchange } = await asking();
      const answer = ask();
      send(reply(1), alice);
      await answer;
      const late = send([reply(1), reply(77), { jsonrpc: '2.0', id: 'text', result: {} }]);
      expect(late.events).toEqual([]);
      expect(exchange.related).toHaveLength(1);
    });

    it('withdraws the questions a request still has out before sending its response', async () => {
      const { exchange, call, ask } = await asking();
      const answer = watch(ask());
      call.finish({ done: true });
      await exchange.answerTo(1);
      expect(exchange.events).toEqual([
        { related: { jsonrpc: '2.0', id: 1, method: QUESTION.method, params: QUESTION.params } },
        {
          related: {
            jsonrpc: '2.0',
            method: 'notifications/cancelled',
            params: { requestId: 1, reason: 'The request ended' },
          },
        },
        { answer: { jsonrpc: '2.0', id: 1, result: { done: true } } },
      ]);
      await flushAsync();
      expect(answer.error?.message).toBe('The request ended');
    });

    it('never cancels a question the client already answered', async () => {
      const { send, exchange, call, ask } = await asking();
      const controller = new AbortController();
      const answered = ask(controller.signal);
      const open = watch(ask());
      send(reply(1), alice);
      await answered;
      controller.abort();
      call.finish();
      await exchange.answerTo(1);
      const cancels = exchange.related.filter(
        (message) => message.method === 'notifications/cancelled',
      );
      expect(cancels).toEqual([
        {
          jsonrpc: '2.0',
          method: 'notifications/cancelled',
          params: { requestId: 2, reason: 'The request ended' },
        },
      ]);
      await flushAsync();
      expect(open.error?.message).toBe('The request ended');
    });

    it('withdraws a question no longer needed, telling the client', async () => {
      const { exchange, ask } = await asking();
      const controller = new AbortController();
      const answer = ask(controller.signal);
      controller.abort();
      await expect(answer).rejects.toThrow('The question is no longer needed');
      expect(exchange.related[1]).toEqual({
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId: 1, reason: 'The question is no longer needed' },
      });
    });

    it('withdraws a question that timed out, telling the client', async () => {
      const { exchange, ask } = await asking();
      await expect(ask(new AbortController().signal, 1)).rejects.toThrow('The question timed out');
      expect(exchange.related[1]).toEqual({
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId: 1, reason: 'The question timed out' },
      });
    });

    it('asks nothing when the question is no longer needed before it is put', async () => {
      const { exchange, ask } = await asking();
      await expect(ask(AbortSignal.abort())).rejects.toThrow('The question is no longer needed');
      expect(exchange.related).toEqual([]);
    });
  });

  describe('close', () => {
    it('answers each request in flight "Connection closed" once, and stops it', async () => {
      const { link, send, probe } = world({ oneClient: true });
      const exchange = send([aRequest('test/probe', {}, 1), aRequest('test/probe', {}, 2)]);
      await probe.called(2);
      link.close();
      link.close();
      expect(exchange.answers).toEqual([
        { jsonrpc: '2.0', id: 1, error: CONNECTION_CLOSED },
        { jsonrpc: '2.0', id: 2, error: CONNECTION_CLOSED },
      ]);
      expect(probe.calls.map((call) => call.scope.signal.aborted)).toEqual([true, true]);
      probe.calls[0]!.finish();
      probe.calls[1]!.fail(new Error('stopped'));
      await flushAsync();
      expect(exchange.answers).toHaveLength(2);
    });

    it('calls its close listeners once', () => {
      const { link } = world({ oneClient: true });
      const calls: string[] = [];
      link.onClose(() => calls.push('first'));
      link.onClose(() => calls.push('second'));
      link.close();
      link.close();
      expect(calls).toEqual(['first', 'second']);
    });

    it('drops the questions out without a cancel, and asks no more', async () => {
      const { link, send, probe } = world({ oneClient: true });
      const exchange = send(aRequest('test/probe', {}, 1));
      await probe.called();
      const { scope } = probe.calls[0]!;
      const answer = scope.link.ask(QUESTION, {
        timeoutMs: 600_000,
        signal: new AbortController().signal,
      });
      link.close();
      await expect(answer).rejects.toThrow('Connection closed');
      const later = scope.link.ask(QUESTION, {
        timeoutMs: 600_000,
        signal: new AbortController().signal,
      });
      await expect(later).rejects.toThrow('Connection closed');
      expect(exchange.related).toHaveLength(1);
    });

    it('refuses a question asked for a request already answered, sending nothing', async () => {
      const { send, probe } = world({ oneClient: true });
      const exchange = send(aRequest('test/probe', {}, 1));
      await probe.called();
      const { scope } = probe.calls[0]!;
      probe.calls[0]!.finish({});
      await exchange.answerTo(1);
      const late = scope.link.ask(QUESTION, {
        timeoutMs: 600_000,
        signal: new AbortController().signal,
      });
      await expect(late).rejects.toThrow('The request has ended');
      expect(exchange.related).toHaveLength(0);
    });

    it('answers a request that comes after it "Connection closed" without running it', () => {
      const { link, send, probe } = world({ oneClient: true });
      link.close();
      const exchange = send(aRequest('test/probe', {}, 3));
      expect(exchange.answers).toEqual([{ jsonrpc: '2.0', id: 3, error: CONNECTION_CLOSED }]);
      expect(probe.calls).toHaveLength(0);
    });
  });

  describe('what the client declared', () => {
    const initialize = (capabilities: Record<string, unknown>) =>
      aRequest(
        'initialize',
        { protocolVersion: '2025-11-25', capabilities, clientInfo: { name: 'c', version: '1' } },
        'init',
      );

    async function elicitsAfter(settings: { oneClient: boolean }, capabilities?: object) {
      const { send, probe, link } = world(settings);
      if (capabilities) await send(initialize({ ...capabilities })).answerTo('init');
      send(aRequest('test/probe', {}, 1));
      await probe.called();
      return { elicits: probe.calls[0]!.scope.link.elicits, link };
    }

    it('a one-client link: elicits only once the client declared elicitation', async () => {
      expect((await elicitsAfter({ oneClient: true })).elicits).toBe(false);
      expect((await elicitsAfter({ oneClient: true }, {})).elicits).toBe(false);
      const declared = await elicitsAfter({ oneClient: true }, { elicitation: {} });
      expect(declared.elicits).toBe(true);
      expect(declared.link.protocolVersion).toBe('2025-11-25');
    });

    it('a stateless link keeps nothing, so nobody knows whether the client elicits', async () => {
      expect((await elicitsAfter({ oneClient: false })).elicits).toBeUndefined();
      const declared = await elicitsAfter({ oneClient: false }, { elicitation: {} });
      expect(declared.elicits).toBeUndefined();
      expect(declared.link.protocolVersion).toBeUndefined();
    });

    it('keeps the log level on a one-client link only', async () => {
      const setLevel = aRequest('logging/setLevel', { level: 'warning' }, 'lvl');
      const one = world({ oneClient: true });
      await one.send(setLevel).answerTo('lvl');
      expect(one.link.currentLogLevel).toBe('warning');
      const stateless = world({ oneClient: false });
      await stateless.send(setLevel).answerTo('lvl');
      expect(stateless.link.currentLogLevel).toBeUndefined();
    });
  });

  describe("the connection's own stream", () => {
    it("sends a task's progress there, where the link has one", () => {
      const { link, standalone } = world({ oneClient: true, standalone: true });
      const listener = link.progressAfterRequest('tok');
      listener!({ progress: 1, total: 4, message: 'one' });
      expect(standalone).toEqual([
        {
          jsonrpc: '2.0',
          method: 'notifications/progress',
          params: { progressToken: 'tok', progress: 1, total: 4, message: 'one' },
        },
      ]);
      expect(world({ oneClient: false }).link.progressAfterRequest('tok')).toBeUndefined();
    });

    it('follows a task there until the link closes', () => {
      const { link, standalone, events } = world({ oneClient: true, standalone: true });
      const task = aTask();
      link.follow(task);
      events.publish(updateStatusMessage(task, task.createdAt + 1, 'halfway'));
      expect(standalone).toEqual([
        expect.objectContaining({
          method: 'notifications/tasks/status',
          params: expect.objectContaining({ taskId: task.id, statusMessage: 'halfway' }),
        }),
      ]);
      link.close();
      events.publish(updateStatusMessage(task, task.createdAt + 2, 'later'));
      expect(standalone).toHaveLength(1);
    });
  });
});
