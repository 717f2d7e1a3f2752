import {
  unwatchConnection,
  watchConnection,
  type ConnectionWatcher,
} from '../../../src/adapters/http/connection-watch.js';
import { LoopbackServer, startRequest } from '../../support/loopback-http.js';

/** A watcher that counts how often it was told its connection went. */
function counting(): ConnectionWatcher & { lost: number } {
  const watcher = {
    lost: 0,
    connectionLost() {
      watcher.lost++;
    },
  };
  return watcher;
}

describe('watchConnection', () => {
  let server: LoopbackServer;

  beforeEach(async () => {
    server = await LoopbackServer.start();
  });
  afterEach(() => server.close());

  it('tells every watcher of a connection once, when the client goes away', async () => {
    const client = startRequest(server.url, { method: 'POST', body: '{}' });
    const { res } = await server.nextRequest();
    const [first, second] = [counting(), counting()];
    watchConnection(res, first);
    watchConnection(res, second);
    client.close();
    await new Promise((resolve) => res.socket?.once('close', resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect([first.lost, second.lost]).toEqual([1, 1]);
  });

  it('tells nothing to a watcher taken off before the connection goes', async () => {
    const client = startRequest(server.url, { method: 'POST', body: '{}' });
    const { res } = await server.nextRequest();
    const [kept, removed] = [counting(), counting()];
    watchConnection(res, kept);
    watchConnection(res, removed);
    unwatchConnection(res, removed);
    const socket = res.socket!;
    client.close();
    await new Promise((resolve) => socket.once('close', resolve));
    expect([kept.lost, removed.lost]).toEqual([1, 0]);
  });

  it('tells a watcher at once (after the current step) when the connection is already gone', async () => {
    const client = startRequest(server.url, { method: 'POST', body: '{}' });
    const { res } = await server.nextRequest();
    const socket = res.socket!;
    client.close();
    await new Promise((resolve) => socket.once('close', resolve));
    const late = counting();
    watchConnection(res, late);
    expect(late.lost).toBe(0);
    await Promise.resolve();
    expect(late.lost).toBe(1);
  });

  it('tells nobody when the answer is given and the connection stays', async () => {
    const client = startRequest(server.url, { method: 'POST', body: '{}' });
    const { res } = await server.nextRequest();
    const watcher = counting();
    watchConnection(res, watcher);
    unwatchConnection(res, watcher);
    res.end('done');
    expect((await client.finished).complete).toBe(true);
    expect(watcher.lost).toBe(0);
  });
});
