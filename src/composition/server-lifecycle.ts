import { inject, injectable, optional } from 'inversify';
import {
  IDENTITY_PROVIDER,
  type IdentityProvider,
} from '../application/ports/identity-provider.js';
import { AUDIT_LOG, type AuditLog } from '../application/ports/audit-log.js';
import { LOGGER, type Logger } from '../application/ports/logger.js';
import { TaskRunner } from '../application/services/task-runner.js';
import { WorkAdmission } from '../application/services/work-admission.js';
import { messageOf } from '../application/shared/errors.js';
import { settlesWithin } from '../application/shared/settles-within.js';
import { LiveProcessGroups } from '../adapters/jobs/live-process-groups.js';
import { TaskSubscriptions } from '../adapters/mcp/subscriptions/task-subscriptions.js';
import type { Config } from './config/load-config.js';
import type { FrontDoor } from './front-door.js';
import { STORE_RUNTIME, type StoreRuntime } from '../application/ports/store-runtime.js';
import { Sweeper } from './sweeper.js';
import { CONFIG, FRONT_DOOR } from './tokens.js';

/** What set a stop off. */
export type StopCause = 'SIGINT' | 'SIGTERM' | 'stdin closed' | 'requested';

export interface StopOutcome {
  /** False when the grace ran out and what was left had to be killed. */
  readonly clean: boolean;
}

/** How long closing may still take once the grace has run out. */
const FORCED_CLOSE_MS = 1000;

/**
 * Owns start and stop. A stop, whatever set it off, runs once and in this order: no new work
 * (tools/call refused in-band, new HTTP requests 503), every running task failed with
 * `server shutting down` (waiters in tasks/result and open status streams get that terminal
 * state), every job's process group stopped, open subscriptions/listen ended with their result,
 * requests in flight answered, connections closed,
 * and the store closed last, once every task's end is recorded. The whole of it is bounded by
 * TASK_MCP_SHUTDOWN_GRACE_MS; past that, process groups are killed and connections closed
 * regardless.
 */
@injectable()
export class ServerLifecycle {
  private stopRequested = false;
  private settleStopped!: (outcome: StopOutcome) => void;
  /** Resolves once a stop has finished, whoever started it. */
  readonly stopped = new Promise<StopOutcome>((resolve) => (this.settleStopped = resolve));

  constructor(
    @inject(CONFIG) private readonly config: Config,
    @inject(FRONT_DOOR) private readonly front: FrontDoor,
    @inject(STORE_RUNTIME) private readonly store: StoreRuntime,
    @inject(WorkAdmission) private readonly admission: WorkAdmission,
    @inject(TaskRunner) private readonly runner: TaskRunner,
    @inject(Sweeper) private readonly sweeper: Sweeper,
    @inject(IDENTITY_PROVIDER) private readonly identity: IdentityProvider,
    @inject(LOGGER) private readonly logger: Logger,
    @inject(AUDIT_LOG) private readonly audit: AuditLog,
    @inject(TaskSubscriptions) private readonly subscriptions: TaskSubscriptions,
    // Bound with the job catalogue; a kit server without jobs has no process groups.
    @inject(LiveProcessGroups) @optional() private readonly processGroups?: LiveProcessGroups,
  ) {}

  get isStopping(): boolean {
    return this.stopRequested;
  }

  /** Opens the store, then starts serving; resolves with the MCP URL for HTTP. */
  async start(): Promise<URL | undefined> {
    let url: URL | undefined;
    try {
      await this.store.open();
      url = await this.front.start(() => void this.stop('stdin closed'));
    } catch (error) {
      await this.store.close().catch(() => undefined);
      throw error;
    }
    this.sweeper.start();
    return url;
  }

  /**
   * Stops once; every call, a re-entrant one included, gets the same outcome. The guard is set
   * before any step runs, so a step that calls back here (a transport's onclose) cannot re-enter.
   */
  stop(cause: StopCause = 'requested'): Promise<StopOutcome> {
    if (!this.stopRequested) {
      this.stopRequested = true;
      void this.shutDown(cause).then(this.settleStopped);
    }
    return this.stopped;
  }

  /** The stop that cannot wait (a second signal, the process exiting): kills every job now. */
  killJobsNow(): void {
    this.processGroups?.signalAll('SIGKILL');
  }

  private async shutDown(cause: StopCause): Promise<StopOutcome> {
    const graceMs = this.config.TASK_MCP_SHUTDOWN_GRACE_MS;
    this.admission.close();
    this.front.refuseNewRequests();
    this.sweeper.stop();
    this.logger.info('shutting down', { cause, runningTasks: this.runner.runningCount, graceMs });
    const clean = await settlesWithin(this.drainAndClose(), graceMs);
    if (!clean) {
      this.logger.warn('the shutdown grace ran out: killing the jobs left and closing anyway', {
        graceMs,
      });
      this.killJobsNow();
      await settlesWithin(this.closeFront(), FORCED_CLOSE_MS);
    }
    await settlesWithin(
      this.store
        .close()
        .catch((error: unknown) =>
          this.logger.warn('closing the store failed', { error: messageOf(error) }),
        ),
      FORCED_CLOSE_MS,
    );
    const counters = this.identity.stats?.();
    if (counters) this.logger.info('authentication counters at shutdown', counters);
    this.logger.info('stopped', { cause, clean });
    await this.audit.close?.();
    await this.logger.flush?.();
    return { clean };
  }

  private async drainAndClose(): Promise<void> {
    await this.runner
      .shutdown()
      .catch((error: unknown) =>
        this.logger.error('failing the running tasks failed', { error: messageOf(error) }),
      );
    // Listens end once the tasks' last states are sent, answering their requests, so that the
    // requests in flight can all be answered.
    this.subscriptions.endAll();
    await this.front.drain();
    await this.closeFront();
  }

  private async closeFront(): Promise<void> {
    try {
      await this.front.close();
    } catch (error) {
      this.logger.warn('closing the transport failed', { error: messageOf(error) });
    }
  }
}
