import type { HttpError } from '../../../../src/adapters/http/http-error.js';
import { SessionRegistry } from '../../../../src/adapters/http/streamable/session-registry.js';
import { SessionSlots } from '../../../../src/adapters/http/streamable/session-slots.js';
import { aPrincipal } from '../../../support/task-mother.js';
import { testContainer } from '../../../support/test-container.js';
import { LoopbackServer, startRequest } from '../../../support/loopback-http.js';

const alice = aPrincipal('alice');
const bob = aPrincipal('bob');

function registry(env: Record<string, string> = {}) {
  const { container } = testContainer(env);
  return { sessions: container.get(SessionRegistry), slots: container.get(SessionSlots) };
}

function refusal(call: () => unknown): HttpError | undefined {
  try {
    call();
    return undefined;
  } catch (error) {
    return error as HttpError;
  }
}

describe('SessionRegistry', () => {
  it('opens a session bound to its owner, under an id nobody can guess', () => {
    const { sessions, slots } = registry();
    const session = sessions.open(alice, 1000);
    expect(session.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(session.owner).toBe(alice.owner);
    expect(session.lastSeenAt).toBe(1000);
    expect(sessions.open(alice, 1000).id).not.toBe(session.id);
    expect(sessions.size).toBe(2);
    expect(slots.taken).toBe(2);
  });

  it('finds a session for its owner, and answers anyone else as for one that never was', () => {
    const { sessions } = registry();
    const session = sessions.open(alice, 0);
    expect(sessions.find(session.id, aPrincipal('alice', ['other:scope']))).toBe(session);
    const foreign = refusal(() => sessions.find(session.id, bob));
    const unknown = refusal(() => sessions.find('no-such-session', alice));
    expect(foreign?.refusal).toBe('SESSION_NOT_FOUND');
    expect(foreign?.status).toBe(404);
    expect(foreign?.message).toBe('Session not found');
    expect(unknown?.message).toBe(foreign?.message);
    expect(unknown?.status).toBe(foreign?.status);
  });

  it('forgets a session whose connection closed, and gives its slot back', () => {
    const { sessions, slots } = registry();
    const session = sessions.open(alice, 0);
    session.link.close();
    expect(sessions.size).toBe(0);
    expect(slots.taken).toBe(0);
    expect(refusal(() => sessions.find(session.id, alice))?.status).toBe(404);
  });

  it("refuses a session past the owner's cap without opening anything", () => {
    const { sessions, slots } = registry({ TASK_MCP_MAX_SESSIONS_PER_OWNER: '1' });
    sessions.open(alice, 0);
    expect(refusal(() => sessions.open(alice, 0))?.refusal).toBe('OWNER_SESSIONS_FULL');
    expect(sessions.size).toBe(1);
    expect(slots.taken).toBe(1);
    expect(refusal(() => sessions.open(bob, 0))).toBeUndefined();
  });

  it('closes the sessions idle since before the cutoff, and says how many', () => {
    const { sessions } = registry();
    const idle = sessions.open(alice, 1000);
    const busy = sessions.open(bob, 1000);
    busy.lastSeenAt = 5000;
    const borderline = sessions.open(bob, 3000);
    expect(sessions.closeIdle(3000)).toBe(1);
    expect(refusal(() => sessions.find(idle.id, alice))?.status).toBe(404);
    expect(sessions.find(busy.id, bob)).toBe(busy);
    expect(sessions.find(borderline.id, bob)).toBe(borderline);
    expect(sessions.closeIdle(3000)).toBe(0);
  });

  it('closes every session, and each one ends its open event stream', async () => {
    const { sessions, slots } = registry();
    const session = sessions.open(alice, 0);
    sessions.open(bob, 0);
    const server = await LoopbackServer.start();
    try {
      const served = server.nextRequest();
      const client = startRequest(server.url);
      const { res } = await served;
      session.stream.open(res, '2025-11-25', undefined);
      await client.response;
      sessions.closeAll();
      expect(sessions.size).toBe(0);
      expect(slots.taken).toBe(0);
      expect((await client.finished).complete).toBe(true);
    } finally {
      await server.close();
    }
  });
});
