import { injectable } from 'inversify';
import type { TaskKey, TaskLeases } from '../../../application/ports/task-leases.js';

/**
 * Leases for a server that is the only one on its store (the in-memory store): every task it knows
 * is its own and lives exactly as long as the process, so no lease can lapse and none is renewed.
 */
@injectable()
export class LocalTaskLeases implements TaskLeases {
  async renew(): Promise<TaskKey[]> {
    return [];
  }

  async claimOrphans(): Promise<TaskKey[]> {
    return [];
  }
}
