import 'reflect-metadata';
import { PassThrough, Writable } from 'node:stream';
import { once } from 'node:events';
import { MCP_METHOD } from '../../../src/adapters/mcp/methods/mcp-method.js';
import {
  STDIO_SETTINGS,
  STDIO_STREAMS,
  StdioServer,
  type StdioStreams,
} from '../../../src/adapters/stdio/stdio-server.js';
import {
  IDENTITY_PROVIDER,
  type IdentityProvider,
} from '../../../src/application/ports/identity-provider.js';
import { LOGGER } from '../../../src/application/ports/logger.js';
import { flushAsync } from '../../support/fake-clock.js';
import { aRequest } from '../../support/inbound.js';
import { ProbeMethod } from '../../support/probe-method.js';
import { RecordingLogger } from '../../support/recording-logger.js';
import { testContainer } from '../../support/test-container.js';

/** What the server wrote to stdout, one parsed message per line. */
class StdoutLines {
  readonly stream = new PassThrough();
  readonly messages: Record<string, unknown>[] = [];
  private text = '';
  private waiters: (() => void)[] = [];

  constructor() {
    this.stream.on('data', (chunk: Buffer) => {
      this.text += chunk.toString('utf8');
      const lines = this.text.split('\n');
      this.text = lines.pop()!;
      for (const line of lines) this.messages.push(JSON.parse(line) as Record<string, unknown>);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** Resolves once `count` lines have been written. */
  async lines(count: number): Promise<Record<string, unknown>[]> {
    while (this.messages.length < count) await new Promise<void>((wake) => this.waiters.push(wake));
    return this.messages;
  }
}

/** A client that never reads what the server writes: every write stays unread. */
class UnreadStdout extends Writable {
  override _write(_chunk: Buffer, _encoding: string, _done: () => void): void {}
}

/** The stdio server from a stdio container, on streams the test holds. */
async function world(stdout: StdioStreams['stdout'] = new PassThrough(), maxLineBytes = 256) {
  const probe = new ProbeMethod();
  const logger = new RecordingLogger();
  const { container } = testContainer({ TASK_MCP_TRANSPORT: 'stdio' });
  const stdin = new PassThrough();
  container.rebind(STDIO_STREAMS).toConstantValue({ stdin, stdout });
  container.rebind(STDIO_SETTINGS).toConstantValue({ maxLineBytes });
  container.rebind(LOGGER).toConstantValue(logger);
  container.bind(MCP_METHOD).toConstantValue(probe);
  const server = container.get(StdioServer);
  let ended = 0;
  await server.start(() => ended++);
  const line = (value: unknown) => stdin.write(`${JSON.stringify(value)}\n`);
  return {
    container,
    server,
    stdin,
    probe,
    logger,
    line,
    ended: () => ended,
  };
}

describe('StdioServer', () => {
  it('answers each line with one line, in the order the lines came', async () => {
    const stdout = new StdoutLines();
    const { line } = await world(stdout.stream);
    line(aRequest('ping', undefined, 1));
    line(aRequest('tools/list', undefined, 2));
    line(aRequest('ping', undefined, 3));
    const messages = await stdout.lines(3);
    expect(messages.map((message) => message.id)).toEqual([1, 2, 3]);
    expect(messages[0]).toEqual({ jsonrpc: '2.0', id: 1, result: {} });
  });

  it('hands the lines on in order, a slow request not holding up the answers after it', async () => {
    const stdout = new StdoutLines();
    const { line, probe } = await world(stdout.stream);
    line(aRequest('test/probe', {}, 'slow'));
    line(aRequest('ping', undefined, 'quick'));
    await probe.called();
    expect((await stdout.lines(1))[0]).toMatchObject({ id: 'quick' });
    probe.calls[0]!.finish({ done: true });
    expect((await stdout.lines(2))[1]).toEqual({
      jsonrpc: '2.0',
      id: 'slow',
      result: { done: true },
    });
  });

  it('answers each message of a batch line on its own line', async () => {
    const stdout = new StdoutLines();
    const { line } = await world(stdout.stream);
    line([aRequest('ping', undefined, 1), aRequest('ping', undefined, 2)]);
    const messages = await stdout.lines(2);
    expect(messages.map((message) => message.id).sort()).toEqual([1, 2]);
  });

  it('answers a line over the limit -32600 under a null id, once, and reads on', async () => {
    const stdout = new StdoutLines();
    const { stdin, line } = await world(stdout.stream, 64);
    stdin.write('x'.repeat(50));
    stdin.write('x'.repeat(50));
    stdin.write(`${'x'.repeat(5000)}\n`);
    line(aRequest('ping', undefined, 1));
    const messages = await stdout.lines(2);
    expect(messages).toEqual([
      {
        jsonrpc: '2.0',
        id: null,
        error: {
          code: -32600,
          message: 'Invalid Request: a message line exceeds the limit of 64 bytes',
        },
      },
      { jsonrpc: '2.0', id: 1, result: {} },
    ]);
  });

  it('answers a line that is not JSON -32700 under a null id', async () => {
    const stdout = new StdoutLines();
    const { stdin } = await world(stdout.stream);
    stdin.write('hello\n');
    expect(await stdout.lines(1)).toEqual([
      {
        jsonrpc: '2.0',
        id: null,
        error: { code: -32700, message: 'Parse error: the request body is not valid JSON' },
      },
    ]);
  });

  it("serves the client as the identity provider's stdio principal, in a stdio request context", async () => {
    const { line, probe, container } = await world();
    line(aRequest('test/probe', {}, 7));
    await probe.called();
    const expected = await container
      .get<IdentityProvider>(IDENTITY_PROVIDER)
      .authenticate({ transport: 'stdio', headers: {} });
    expect(probe.calls[0]!.scope.principal).toEqual(expected);
    expect(probe.calls[0]!.context).toEqual({ requestId: 'stdio-7', clientAddress: 'stdio' });
  });

  it('calls onEnded once when stdin ends', async () => {
    const { stdin, ended } = await world();
    stdin.end();
    await once(stdin, 'close');
    expect(ended()).toBe(1);
  });

  it('cuts off a client that leaves more than 1 MiB unread, calling onEnded once', async () => {
    const stdout = new UnreadStdout();
    const { line, probe, logger, ended } = await world(stdout);
    const big = { text: 'x'.repeat(600 * 1024) };
    for (const id of [1, 2, 3, 4]) line(aRequest('test/probe', {}, id));
    await probe.called(4);
    probe.calls[0]!.finish(big);
    probe.calls[1]!.finish(big);
    await flushAsync();
    // Two answers wait unread: more than 1 MiB, but each was written while less did.
    const unread = stdout.writableLength;
    expect(unread).toBeGreaterThan(1024 * 1024);
    expect(ended()).toBe(0);
    probe.calls[2]!.finish(big);
    probe.calls[3]!.finish(big);
    await flushAsync();
    expect(stdout.writableLength).toBe(unread);
    expect(ended()).toBe(1);
    expect(logger.lines).toContainEqual({
      level: 'error',
      message: 'the client stopped reading stdout; closing the connection',
      fields: { unreadBytes: expect.any(Number) },
    });
    expect(
      logger.lines.filter((entry) => entry.message.startsWith('the client stopped reading')),
    ).toHaveLength(1);
  });

  it('writes nothing more and reads nothing more once ended', async () => {
    const stdout = new StdoutLines();
    const { stdin, line, probe, ended } = await world(stdout.stream);
    line(aRequest('test/probe', {}, 1));
    await probe.called();
    stdin.emit('end');
    expect(ended()).toBe(1);
    probe.calls[0]!.finish();
    line(aRequest('ping', undefined, 2));
    await flushAsync();
    expect(stdout.messages).toEqual([]);
  });

  it('answers what is in flight "Connection closed" when closed', async () => {
    const stdout = new StdoutLines();
    const { server, line, probe } = await world(stdout.stream);
    line(aRequest('test/probe', {}, 'p'));
    await probe.called();
    await server.drain();
    await server.close();
    expect(await stdout.lines(1)).toEqual([
      { jsonrpc: '2.0', id: 'p', error: { code: -32000, message: 'Connection closed' } },
    ]);
  });

  it('survives a stdout the client closed, logging it', async () => {
    const stdout = new PassThrough();
    const { logger } = await world(stdout);
    expect(() => stdout.emit('error', new Error('write EPIPE'))).not.toThrow();
    expect(logger.lines).toContainEqual({
      level: 'debug',
      message: 'stdout closed by the client',
      fields: { error: 'write EPIPE' },
    });
  });
});
