import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { jest } from '@jest/globals';
import { sendText } from '../../../src/adapters/http/http-writer.js';
import { guardUnread, MAX_UNREAD_BYTES } from '../../../src/adapters/http/unread-guard.js';
import { LoopbackServer, rawGet, stalledClient } from '../../support/loopback-http.js';

const GRACE_MS = 60_000;

/** A response as the guard sees it: how much waits unread, its events, and destroy. */
class WaitingResponse extends EventEmitter {
  readonly destroy = jest.fn();
  constructor(readonly writableLength: number) {
    super();
  }
}

function guarded(unread: number): WaitingResponse {
  const res = new WaitingResponse(unread);
  guardUnread(res as unknown as ServerResponse);
  return res;
}

describe('guardUnread', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('cuts a response with more than the bound unread once the grace is over, not before', () => {
    const res = guarded(MAX_UNREAD_BYTES + 1);
    jest.advanceTimersByTime(GRACE_MS - 1);
    expect(res.destroy).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(res.destroy).toHaveBeenCalledTimes(1);
  });

  it('leaves a response with no more than the bound unread alone', () => {
    const res = guarded(MAX_UNREAD_BYTES);
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(10 * GRACE_MS);
    expect(res.destroy).not.toHaveBeenCalled();
  });

  it.each(['finish', 'close'])('forgets a response once it has %s', (event) => {
    const res = guarded(8 * MAX_UNREAD_BYTES);
    jest.advanceTimersByTime(GRACE_MS / 2);
    res.emit(event);
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(GRACE_MS);
    expect(res.destroy).not.toHaveBeenCalled();
  });

  it('is 1 MiB', () => {
    expect(MAX_UNREAD_BYTES).toBe(1024 * 1024);
  });
});

describe('a large answer on a real connection', () => {
  let server: LoopbackServer;
  const body = 'x'.repeat(16 * 1024 * 1024);

  beforeAll(async () => {
    server = await LoopbackServer.start();
  });

  afterAll(() => server.close());

  beforeEach(() => {
    // Only the guard's timer is faked: sockets and the server keep their own clocks.
    jest.useFakeTimers({
      doNotFake: [
        'nextTick',
        'setImmediate',
        'setInterval',
        'queueMicrotask',
        'Date',
        'hrtime',
        'performance',
      ],
    });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('is cut once the grace is over when its client does not read', async () => {
    const served = server.nextRequest();
    const client = stalledClient(server.url, rawGet());
    const { res } = await served;
    sendText(res, 200, body);
    expect(res.writableLength).toBeGreaterThan(MAX_UNREAD_BYTES);
    jest.advanceTimersByTime(GRACE_MS - 1);
    expect(res.destroyed).toBe(false);
    jest.advanceTimersByTime(1);
    expect(res.destroyed).toBe(true);
    // Once it reads at last, it finds the connection closed before the end of the answer.
    const read = await client.readAll();
    expect(read.length).toBeLessThan(body.length);
  });

  it('is left to finish when its client reads it', async () => {
    const served = server.nextRequest();
    const client = stalledClient(server.url, rawGet());
    const { res } = await served;
    sendText(res, 200, body);
    expect(jest.getTimerCount()).toBe(1);
    const finished = new Promise((resolve) => res.once('finish', resolve));
    const reading = client.readAll();
    await finished;
    expect(jest.getTimerCount()).toBe(0);
    client.socket.end();
    const text = await reading;
    expect(text.endsWith(body.slice(0, 1000))).toBe(true);
    expect(text.length).toBeGreaterThan(body.length);
  });
});
