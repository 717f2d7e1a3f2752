import { randomUUID } from 'node:crypto';

/**
 * Ids for HTTP requests (the X-Request-Id header, the audit trail): UUID-shaped, a random prefix
 * per process and a counter, so that they are unique across replicas and cost a counter's
 * increment rather than random bytes per request.
 */
export class RequestIds {
  private readonly prefix = randomUUID().slice(0, 24);
  private count = 0;

  next(): string {
    this.count = (this.count + 1) % 0x1000000000000;
    return `${this.prefix}${this.count.toString(16).padStart(12, '0')}`;
  }
}
