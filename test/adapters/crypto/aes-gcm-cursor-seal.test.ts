import { AesGcmCursorSeal } from '../../../src/adapters/crypto/aes-gcm-cursor-seal.js';
import { ServerSecret } from '../../../src/adapters/crypto/server-secret.js';
import { asTaskId, InvalidCursorError } from '../../../src/domain/index.js';
import { anOwner } from '../../support/task-mother.js';

const alice = anOwner('alice');
const bob = anOwner('bob');
const id = asTaskId('AbCdEfGhIjKlMnOpQrStUv')!;
const position = { createdAt: 1_764_000_000_123, id };

function flipped(cursor: string, at: number): string {
  const bytes = Buffer.from(cursor, 'base64url');
  bytes[at] = bytes[at]! ^ 0x01;
  return bytes.toString('base64url');
}

describe('AesGcmCursorSeal', () => {
  const seal = new AesGcmCursorSeal(ServerSecret.random());

  it('opens what it sealed, for the same owner', () => {
    expect(seal.open(alice, seal.seal(alice, position))).toEqual(position);
  });

  it('hides the position: neither the time nor the task id can be read from a cursor', () => {
    const cursor = seal.seal(alice, position);
    const text = Buffer.from(cursor, 'base64url').toString('latin1');
    expect(text).not.toContain(id);
    expect(cursor).not.toContain(id);
    expect(text).not.toContain(String(position.createdAt));
    // Sealing twice gives two different cursors (a fresh nonce each time).
    expect(seal.seal(alice, position)).not.toBe(cursor);
  });

  it("refuses another owner's cursor exactly as it refuses garbage", () => {
    const cursor = seal.seal(alice, position);
    expect(() => seal.open(bob, cursor)).toThrow(InvalidCursorError);
    expect(() => seal.open(bob, cursor)).toThrow('Invalid or expired cursor');
  });

  it('refuses a cursor with any byte altered', () => {
    const cursor = seal.seal(alice, position);
    const length = Buffer.from(cursor, 'base64url').length;
    for (const at of [0, 11, 12, 20, length - 17, length - 1]) {
      expect(() => seal.open(alice, flipped(cursor, at))).toThrow(InvalidCursorError);
    }
  });

  it('refuses forged, truncated and oversized cursors', () => {
    const plain = Buffer.from(`${position.createdAt}.${id}`).toString('base64url');
    const cursor = seal.seal(alice, position);
    for (const bad of ['', 'x', plain, cursor.slice(0, -4), cursor + 'AAAA', 'A'.repeat(600)]) {
      expect(() => seal.open(alice, bad)).toThrow(InvalidCursorError);
    }
  });

  it("refuses a cursor sealed with another deployment's secret", () => {
    const other = new AesGcmCursorSeal(ServerSecret.random());
    expect(() => seal.open(alice, other.seal(alice, position))).toThrow(InvalidCursorError);
  });

  it('opens the cursors of another replica that shares the secret', () => {
    const bytes = Buffer.alloc(32, 7);
    const [a, b] = [new ServerSecret(), new ServerSecret()];
    a.use(bytes);
    b.use(Buffer.from(bytes));
    expect(
      new AesGcmCursorSeal(b).open(alice, new AesGcmCursorSeal(a).seal(alice, position)),
    ).toEqual(position);
  });
});
