import { SECRET_BYTES, ServerSecret } from '../../../src/adapters/crypto/server-secret.js';

const secretOf = (byte: number) => Buffer.alloc(SECRET_BYTES, byte);

function loaded(secret: Buffer): ServerSecret {
  const server = new ServerSecret();
  server.use(secret);
  return server;
}

describe('ServerSecret', () => {
  it('derives the same key for a purpose on every replica that shares the secret', () => {
    const a = loaded(secretOf(7));
    const b = loaded(secretOf(7));
    expect(a.keyFor('cursor-seal')).toEqual(b.keyFor('cursor-seal'));
    expect(a.keyFor('cursor-seal')).toHaveLength(SECRET_BYTES);
  });

  it('derives a different key for each purpose, and for each secret', () => {
    const server = loaded(secretOf(7));
    expect(server.keyFor('cursor-seal')).not.toEqual(server.keyFor('audit-owner'));
    expect(server.keyFor('cursor-seal')).not.toEqual(loaded(secretOf(8)).keyFor('cursor-seal'));
    expect(server.keyFor('cursor-seal')).not.toEqual(secretOf(7));
  });

  it('derives anew once another secret is loaded', () => {
    const server = loaded(secretOf(7));
    const before = server.keyFor('cursor-seal');
    server.use(secretOf(8));
    expect(server.keyFor('cursor-seal')).not.toEqual(before);
    expect(server.keyFor('cursor-seal')).toEqual(loaded(secretOf(8)).keyFor('cursor-seal'));
  });

  it('refuses a secret shorter than 32 bytes, and keys before any secret is loaded', () => {
    expect(() => new ServerSecret().use(Buffer.alloc(SECRET_BYTES - 1))).toThrow(
      'a server secret needs 32 bytes',
    );
    expect(() => new ServerSecret().keyFor('cursor-seal')).toThrow(/not loaded yet/);
  });

  it('makes a random secret per process when nothing outlives it', () => {
    expect(ServerSecret.random().keyFor('x')).not.toEqual(ServerSecret.random().keyFor('x'));
  });
});
