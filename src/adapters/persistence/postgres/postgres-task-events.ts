import { inject, injectable } from 'inversify';
import pg from 'pg';
import { LOGGER, type Logger } from '../../../application/ports/logger.js';
import { taskKeyText } from '../../../application/ports/task-leases.js';
import type {
  TaskEvents,
  TaskListener,
  Unsubscribe,
} from '../../../application/ports/task-events.js';
import { TASK_STORE, type TaskStore } from '../../../application/ports/task-store.js';
import { messageOf } from '../../../application/shared/errors.js';
import type { OwnerId, Task, TaskId } from '../../../domain/index.js';
import { InProcessTaskEvents } from '../memory/in-process-task-events.js';
import { DATABASE_POOL } from './database-pool.js';

export const EVENTS_CHANNEL = 'task_mcp_task_changed';

/** The settings of the connection that LISTENs (pg.ClientConfig): the pool's, on its own. */
export const LISTENER_CLIENT_CONFIG = Symbol('ListenerClientConfig');

/** This life of the replica (LeaseHolder.life, a string): its own notices carry it. */
export const REPLICA_LIFE = Symbol('ReplicaLife');

/** What a notification carries: which task changed (never the task itself), and who said so. */
interface ChangeNotice {
  readonly o: string;
  readonly i: string;
  /** The publishing replica's life id, so a replica skips its own notices. */
  readonly r: string;
}

const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 5000;

/**
 * Task changes across replicas with LISTEN/NOTIFY. A change made here reaches this process's
 * subscribers at once (in-process) and the other replicas through a notice naming the task; a
 * replica that has subscribers for that task re-reads it from the store, under its owner, and
 * hands them the stored task. Notices published in one turn of the event loop go out in one
 * statement, and notices for the same task coalesce into one re-read at a time.
 *
 * One dedicated connection LISTENs. If it drops, it reconnects with backoff and re-reads every
 * subscribed task, since notices sent while it was away are lost; subscribers that need a
 * guarantee (tasks/result waiters) also re-read on their own interval.
 */
@injectable()
export class PostgresTaskEvents implements TaskEvents {
  private readonly local = new InProcessTaskEvents();
  /** Keys being re-read, and whether another notice arrived meanwhile. */
  private readonly rereading = new Map<string, boolean>();
  /** Notices published in this turn of the event loop, sent together at its end. */
  private outbox: string[] = [];
  private sending: Promise<void> = Promise.resolve();
  private listener: pg.Client | undefined;
  private closed = false;
  private reconnectDelay = RECONNECT_MIN_MS;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(
    @inject(DATABASE_POOL) private readonly pool: pg.Pool,
    @inject(LISTENER_CLIENT_CONFIG) private readonly listenerConfig: pg.ClientConfig,
    @inject(TASK_STORE) private readonly store: TaskStore,
    @inject(REPLICA_LIFE) private readonly life: string,
    @inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Connects the listening connection; rejects if the database cannot be reached. */
  async start(): Promise<void> {
    await this.connect();
  }

  /** Sends the notices still waiting (a shutdown's last task changes), then stops listening. */
  async close(): Promise<void> {
    this.sendOutbox();
    await this.sending;
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  publish(task: Task): void {
    this.local.publish(task);
    const notice: ChangeNotice = { o: task.owner, i: task.id, r: this.life };
    this.outbox.push(JSON.stringify(notice));
    if (this.outbox.length === 1) setImmediate(() => this.sendOutbox());
  }

  /** Sends every notice published since the last send in one statement. */
  private sendOutbox(): void {
    const notices = this.outbox;
    if (notices.length === 0) return;
    this.outbox = [];
    const sent = this.pool
      .query({
        name: 'task_mcp_notify',
        text: 'SELECT pg_notify($1, notice) FROM unnest($2::text[]) AS notice',
        values: [EVENTS_CHANNEL, notices],
      })
      .catch((error: unknown) =>
        // Other replicas' waiters fall back to re-reading on their interval.
        this.logger.warn('could not announce task changes', {
          error: messageOf(error),
          notices: notices.length,
        }),
      )
      .then(() => undefined);
    this.sending = Promise.all([this.sending, sent]).then(() => undefined);
  }

  subscribe(owner: OwnerId, id: TaskId, listener: TaskListener): Unsubscribe {
    return this.local.subscribe(owner, id, listener);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.listenerConfig);
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => this.onNotice(message.payload));
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
  }

  private lost(client: pg.Client, error?: Error): void {
    if (this.closed || this.listener !== client) return;
    this.listener = undefined;
    client.removeAllListeners('end');
    void client.end().catch(() => undefined);
    this.logger.warn('lost the task change listener; reconnecting', {
      error: error ? messageOf(error) : 'connection ended',
    });
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    this.reconnectTimer = setTimeout(() => void this.reconnect(), this.reconnectDelay);
    this.reconnectTimer.unref();
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
  }

  private async reconnect(): Promise<void> {
    try {
      await this.connect();
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.reconnectDelay = RECONNECT_MIN_MS;
    this.logger.info('task change listener reconnected');
    // Whatever changed while away went unannounced: re-read everything watched.
    for (const key of this.local.watchedKeys()) this.reread(key.owner, key.id);
  }

  private onNotice(payload: string | undefined): void {
    let notice: ChangeNotice;
    try {
      notice = JSON.parse(payload ?? '') as ChangeNotice;
    } catch {
      return;
    }
    if (notice.r === this.life) return;
    const owner = notice.o as OwnerId;
    const id = notice.i as TaskId;
    if (!this.local.isWatched(owner, id)) return;
    this.reread(owner, id);
  }

  private reread(owner: OwnerId, id: TaskId): void {
    const key = taskKeyText(owner, id);
    if (this.rereading.has(key)) {
      this.rereading.set(key, true);
      return;
    }
    this.rereading.set(key, false);
    void this.store
      .get(owner, id)
      .then(
        (task) => task && this.local.publish(task),
        (error: unknown) =>
          this.logger.warn('could not re-read a changed task', { error: messageOf(error) }),
      )
      .finally(() => {
        const again = this.rereading.get(key);
        this.rereading.delete(key);
        if (again) this.reread(owner, id);
      });
  }
}
