import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { inject, injectable } from 'inversify';
import type { CursorSeal } from '../../application/ports/cursor-seal.js';
import type { TaskListPosition } from '../../application/ports/task-store.js';
import { asTaskId, InvalidCursorError, type OwnerId } from '../../domain/index.js';
import { SERVER_SECRET, type ServerSecret } from './server-secret.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const TIME_BYTES = 8;
/** A cursor longer than this was not made here; refused before any decoding. */
const MAX_CURSOR_CHARS = 512;
/** Unpadded base64url: a cursor with any other character was not made here. */
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Seals cursors with AES-256-GCM: the position is encrypted (clients cannot read it) and the owner
 * is authenticated data, so a cursor opens only for the owner it was made for. Any change to a
 * cursor, or one made with another deployment's secret, fails authentication.
 */
@injectable()
export class AesGcmCursorSeal implements CursorSeal {
  constructor(@inject(SERVER_SECRET) private readonly secret: ServerSecret) {}

  seal(owner: OwnerId, position: TaskListPosition): string {
    const plain = Buffer.alloc(TIME_BYTES + Buffer.byteLength(position.id));
    plain.writeBigUInt64BE(BigInt(position.createdAt));
    plain.write(position.id, TIME_BYTES, 'utf8');
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key(), iv).setAAD(Buffer.from(owner));
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return sealed.toString('base64url');
  }

  open(owner: OwnerId, cursor: string): TaskListPosition {
    if (cursor.length > MAX_CURSOR_CHARS || !BASE64URL.test(cursor)) throw new InvalidCursorError();
    const sealed = Buffer.from(cursor, 'base64url');
    // Node's decoder skips what it cannot read; only the one spelling of the bytes opens.
    if (sealed.toString('base64url') !== cursor) throw new InvalidCursorError();
    if (sealed.length < IV_BYTES + TIME_BYTES + TAG_BYTES) throw new InvalidCursorError();
    const iv = sealed.subarray(0, IV_BYTES);
    const tag = sealed.subarray(sealed.length - TAG_BYTES);
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key(), iv)
        .setAAD(Buffer.from(owner))
        .setAuthTag(tag);
      const body = sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES);
      plain = Buffer.concat([decipher.update(body), decipher.final()]);
    } catch {
      throw new InvalidCursorError();
    }
    const createdAt = Number(plain.readBigUInt64BE(0));
    const id = asTaskId(plain.subarray(TIME_BYTES).toString('utf8'));
    if (!Number.isSafeInteger(createdAt) || !id) throw new InvalidCursorError();
    return { createdAt, id };
  }

  private key(): Buffer {
    return this.secret.keyFor('task-mcp tasks/list cursor');
  }
}
