import type { HttpError } from '../../../../src/adapters/http/http-error.js';
import { SessionSlots } from '../../../../src/adapters/http/streamable/session-slots.js';
import { RecordingAuditLog } from '../../../support/recording-audit-log.js';
import { anOwner } from '../../../support/task-mother.js';

const alice = anOwner('alice');
const bob = anOwner('bob');
const carol = anOwner('carol');

function slots(maxSessions: number, maxSessionsPerOwner: number) {
  const audit = new RecordingAuditLog();
  return { slots: new SessionSlots({ maxSessions, maxSessionsPerOwner }, audit), audit };
}

function refusal(call: () => unknown): HttpError | undefined {
  try {
    call();
    return undefined;
  } catch (error) {
    return error as HttpError;
  }
}

describe('SessionSlots', () => {
  it("refuses an owner past its own cap with 429, and leaves other owners' slots alone", () => {
    const { slots: sessions, audit } = slots(10, 2);
    sessions.take(alice);
    sessions.take(alice);
    const refused = refusal(() => sessions.take(alice));
    expect(refused?.refusal).toBe('OWNER_SESSIONS_FULL');
    expect(refused?.status).toBe(429);
    expect(refused?.message).toBe(
      'You have 2 open sessions, the most allowed; close one (DELETE with its Mcp-Session-Id) or wait for an idle one to expire',
    );
    expect(refusal(() => sessions.take(bob))).toBeUndefined();
    expect(sessions.taken).toBe(3);
    expect(audit.named('capacity.refused')).toEqual([
      {
        event: 'capacity.refused',
        severity: 'warn',
        owner: alice,
        detail: { capacity: 'sessions of one owner', limit: 2 },
      },
    ]);
  });

  it('refuses anyone past the server cap with 503 and a time to come back', () => {
    const { slots: sessions, audit } = slots(2, 5);
    sessions.take(alice);
    sessions.take(bob);
    const refused = refusal(() => sessions.take(carol));
    expect(refused?.refusal).toBe('SESSIONS_FULL');
    expect(refused?.status).toBe(503);
    expect(refused?.headers).toEqual({ 'retry-after': '30' });
    expect(refused?.message).toBe(
      'The server has 2 open sessions, the most it allows; try again later',
    );
    expect(audit.named('capacity.refused')[0]).toMatchObject({
      owner: carol,
      detail: { capacity: 'sessions', limit: 2 },
    });
    expect(sessions.taken).toBe(2);
  });

  it("names the owner's own cap first when both are reached: that one is theirs to free", () => {
    const { slots: sessions } = slots(1, 1);
    sessions.take(alice);
    expect(refusal(() => sessions.take(alice))?.refusal).toBe('OWNER_SESSIONS_FULL');
    expect(refusal(() => sessions.take(bob))?.refusal).toBe('SESSIONS_FULL');
  });

  it('takes a slot back once, however often it is given back', () => {
    const { slots: sessions } = slots(2, 2);
    const giveBack = sessions.take(alice);
    sessions.take(alice);
    giveBack();
    giveBack();
    expect(sessions.taken).toBe(1);
    sessions.take(alice);
    expect(refusal(() => sessions.take(alice))?.refusal).toBe('OWNER_SESSIONS_FULL');
  });

  it("frees an owner's slots entirely once all are given back", () => {
    const { slots: sessions } = slots(4, 1);
    sessions.take(alice)();
    expect(sessions.taken).toBe(0);
    expect(refusal(() => sessions.take(alice))).toBeUndefined();
  });
});
