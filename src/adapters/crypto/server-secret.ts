import { hkdfSync, randomBytes } from 'node:crypto';
import { injectable } from 'inversify';

/** Bytes of a server secret (and of every key derived from it). */
export const SECRET_BYTES = 32;

/** The deployment's shared secret that purpose-bound keys are derived from (ServerSecret). */
export const SERVER_SECRET = Symbol('ServerSecret');

/**
 * The secret every replica of one deployment shares, from which purpose-bound keys are derived
 * (cursor sealing, owner hashing in the audit log). With the memory store it is random per
 * process, as nothing outlives the process anyway; with PostgreSQL the store runtime loads it from
 * the database at start-up, so that every replica and every restart derives the same keys.
 */
@injectable()
export class ServerSecret {
  private secret: Buffer | undefined;
  private readonly derived = new Map<string, Buffer>();

  /** A secret of random bytes, for a server whose state lives and dies with its process. */
  static random(): ServerSecret {
    const secret = new ServerSecret();
    secret.use(randomBytes(SECRET_BYTES));
    return secret;
  }

  use(secret: Buffer): void {
    if (secret.length < SECRET_BYTES)
      throw new Error(`a server secret needs ${SECRET_BYTES} bytes`);
    this.secret = secret;
    this.derived.clear();
  }

  /** The key for one purpose (HKDF-SHA256); the same purpose always gets the same key. */
  keyFor(purpose: string): Buffer {
    let key = this.derived.get(purpose);
    if (!key) {
      if (!this.secret) throw new Error('the server secret is not loaded yet (the store opens it)');
      key = Buffer.from(hkdfSync('sha256', this.secret, Buffer.alloc(0), purpose, SECRET_BYTES));
      this.derived.set(purpose, key);
    }
    return key;
  }
}
