import { injectable } from 'inversify';
import { ServerShuttingDownError } from '../shared/errors.js';

/**
 * Whether new work is accepted. The lifecycle closes it first thing on shutdown, so no task starts
 * while running ones are being failed; requests about existing tasks are still answered.
 */
@injectable()
export class WorkAdmission {
  private open = true;

  close(): void {
    this.open = false;
  }

  /** Throws ServerShuttingDownError once closed. */
  assertOpen(): void {
    if (!this.open) throw new ServerShuttingDownError();
  }
}
