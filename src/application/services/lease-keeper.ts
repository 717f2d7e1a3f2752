import { inject, injectable } from 'inversify';
import { finishTask, isTerminal, serverFailure } from '../../domain/index.js';
import { CLOCK, type CancelTimer, type Clock } from '../ports/clock.js';
import { LOGGER, type Logger } from '../ports/logger.js';
import { TASK_LEASES, type TaskKey, type TaskLeases } from '../ports/task-leases.js';
import { TASK_POLICY, type TaskPolicy } from '../policy/task-policy.js';
import { messageOf } from '../shared/errors.js';
import { errorResult, resultAsJson } from '../tool-kit/tool-result.js';
import { TaskRunner } from './task-runner.js';
import { TaskUpdater } from './task-updater.js';

/** The status message of a task whose server stopped (died) before the task finished. */
export const ORPHANED_MESSAGE =
  'The server running this task stopped before the task finished; start it again';

/** Orphans ended per round; the next round takes the rest. */
const CLAIM_BATCH = 100;

/**
 * Keeps this replica's leases alive and ends other replicas' orphans. Every third of the lease it
 * renews the leases of the work running here (and stops any work whose task ended or was taken
 * over elsewhere), then claims live tasks whose lease lapsed, or that an earlier life of this
 * replica left behind, and fails them. The first round runs at start, so a restarted replica
 * ends its own leftovers at once.
 */
@injectable()
export class LeaseKeeper {
  private cancelTimer: CancelTimer | undefined;
  private round: Promise<void> | undefined;
  private stopped = false;

  constructor(
    @inject(TASK_LEASES) private readonly leases: TaskLeases,
    @inject(TaskRunner) private readonly runner: TaskRunner,
    @inject(TaskUpdater) private readonly updater: TaskUpdater,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(TASK_POLICY) private readonly policy: TaskPolicy,
    @inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Runs the first round now and then one every third of the lease, until stop(). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.tick();
  }

  /** Stops the rounds; resolves once a round in progress has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    await this.round;
  }

  /** One round: renew, then claim and fail orphans. Never throws; failures are logged. */
  async tick(): Promise<void> {
    this.round = this.renewAndReap();
    await this.round;
    if (!this.stopped) {
      this.cancelTimer = this.clock.setTimer(this.policy.leaseMs / 3, () => void this.tick());
    }
  }

  private async renewAndReap(): Promise<void> {
    try {
      const now = this.clock.now();
      const lost = await this.leases.renew(this.runner.runningKeys(), now + this.policy.leaseMs);
      for (const key of lost) this.runner.abandon(key.owner, key.id);
      for (;;) {
        const orphans = await this.leases.claimOrphans(now, CLAIM_BATCH);
        await Promise.all(orphans.map((key) => this.fail(key)));
        if (orphans.length < CLAIM_BATCH) break;
      }
    } catch (error) {
      this.logger.warn('lease round failed; retrying next round', { error: messageOf(error) });
    }
  }

  private async fail(key: TaskKey): Promise<void> {
    const result = resultAsJson(errorResult(ORPHANED_MESSAGE));
    try {
      await this.updater.update(key.owner, key.id, (task) =>
        isTerminal(task.status)
          ? undefined
          : finishTask(
              task,
              'failed',
              this.clock.now(),
              result,
              ORPHANED_MESSAGE,
              serverFailure(ORPHANED_MESSAGE),
            ),
      );
      this.logger.warn('failed a task whose server stopped', { owner: key.owner, task: key.id });
    } catch (error) {
      // Claimed but not ended (deleted meanwhile, or the store blinked): the claim lapses in
      // turn and a later round takes it again.
      this.logger.warn('could not fail an orphaned task', {
        task: key.id,
        error: messageOf(error),
      });
    }
  }
}
