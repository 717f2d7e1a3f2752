import { randomBytes } from 'node:crypto';
import { injectable } from 'inversify';
import type { IdGenerator } from '../../application/ports/id-generator.js';
import type { TaskId } from '../../domain/index.js';

const ID_BYTES = 18;
const POOL_IDS = 256;

/**
 * 144-bit ids from the CSPRNG, base64url (24 characters). Bytes are drawn in batches because one
 * randomBytes call per id dominates the cost of creating a task.
 */
@injectable()
export class CryptoIdGenerator implements IdGenerator {
  private pool = Buffer.alloc(0);
  private offset = 0;

  newTaskId(): TaskId {
    if (this.offset + ID_BYTES > this.pool.length) {
      this.pool = randomBytes(ID_BYTES * POOL_IDS);
      this.offset = 0;
    }
    const id = this.pool.toString('base64url', this.offset, this.offset + ID_BYTES);
    this.pool.fill(0, this.offset, this.offset + ID_BYTES);
    this.offset += ID_BYTES;
    return id as TaskId;
  }
}
