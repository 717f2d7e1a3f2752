import { performance } from 'node:perf_hooks';
import { injectable } from 'inversify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AuditEvent, AuditLog } from '../../application/ports/audit-log.js';

/** Seconds: a tasks/get in memory takes microseconds, a database round trip milliseconds. */
const STORE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5];
/** Seconds: tasks run from a moment to a day. */
const TASK_BUCKETS = [0.1, 1, 5, 15, 60, 300, 900, 3600, 4 * 3600, 24 * 3600];

/** Pulled at scrape time from something that keeps its own count. */
export type Reading = () => number;

/**
 * The server's Prometheus metrics (prom-client, a registry of its own). It listens to the same
 * security events as the audit log (tasks created and finished, job processes, refusals) and
 * times store calls; counts kept elsewhere (open sessions, token cache, key fetches) are read
 * when scraped.
 */
@injectable()
export class PrometheusMetrics implements AuditLog {
  readonly registry = new Registry();
  private readonly created: Counter<'tool'>;
  private readonly finished: Counter<'tool' | 'status'>;
  private readonly durations: Histogram<'tool' | 'status'>;
  private readonly running: Gauge<'tool'>;
  private readonly processes: Gauge;
  private readonly exits: Counter<'code'>;
  private readonly rateLimited: Counter<'budget'>;
  private readonly authRefused: Counter<'reason'>;
  private readonly refusals: Counter<'event'>;
  private readonly storeLatency: Histogram<'operation'>;
  private readonly storeSeriesByOperation = new Map<string, Histogram.Internal<'operation'>>();

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'task_mcp_' });
    this.created = new Counter({
      name: 'task_mcp_tasks_created_total',
      help: 'Tasks created, by tool',
      labelNames: ['tool'],
      registers,
    });
    this.finished = new Counter({
      name: 'task_mcp_tasks_finished_total',
      help: 'Tasks whose work ended in this process, by tool and final status',
      labelNames: ['tool', 'status'],
      registers,
    });
    this.durations = new Histogram({
      name: 'task_mcp_task_duration_seconds',
      help: "Tasks' run time, from start to their final status",
      labelNames: ['tool', 'status'],
      buckets: TASK_BUCKETS,
      registers,
    });
    this.running = new Gauge({
      name: 'task_mcp_tasks_running',
      help: 'Tasks whose work runs in this process now, by tool',
      labelNames: ['tool'],
      registers,
    });
    this.processes = new Gauge({
      name: 'task_mcp_job_processes_running',
      help: 'Job processes running now',
      registers,
    });
    this.exits = new Counter({
      name: 'task_mcp_job_exits_total',
      help: "Job processes that exited, by exit code (or 'signal')",
      labelNames: ['code'],
      registers,
    });
    this.rateLimited = new Counter({
      name: 'task_mcp_rate_limited_total',
      help: 'Requests refused by a rate limit, by budget',
      labelNames: ['budget'],
      registers,
    });
    this.authRefused = new Counter({
      name: 'task_mcp_auth_refused_total',
      help: 'Requests whose credentials were refused, by reason',
      labelNames: ['reason'],
      registers,
    });
    this.refusals = new Counter({
      name: 'task_mcp_refusals_total',
      help: 'Requests refused by a scope, quota, capacity, lock or sandbox check, by event',
      labelNames: ['event'],
      registers,
    });
    this.storeLatency = new Histogram({
      name: 'task_mcp_store_seconds',
      help: 'Task store calls, by operation',
      labelNames: ['operation'],
      buckets: STORE_BUCKETS,
      registers,
    });
  }

  record(event: AuditEvent): void {
    const detail = event.detail ?? {};
    const tool = String(detail.tool ?? detail.job ?? 'unknown');
    switch (event.event) {
      case 'task.created':
        this.created.inc({ tool });
        this.running.inc({ tool });
        return;
      case 'task.finished': {
        const status = String(detail.status);
        this.finished.inc({ tool, status });
        this.durations.observe({ tool, status }, Number(detail.ms) / 1000);
        this.running.dec({ tool });
        return;
      }
      case 'job.started':
        this.processes.inc();
        return;
      case 'job.exited':
        this.processes.dec();
        this.exits.inc({
          code: detail.exitCode === undefined ? 'signal' : String(detail.exitCode),
        });
        return;
      case 'rate.limited':
        this.rateLimited.inc({ budget: String(detail.budget) });
        return;
      case 'auth.refused':
        this.authRefused.inc({ reason: String(detail.failure) });
        return;
      case 'scope.refused':
      case 'quota.exceeded':
      case 'capacity.refused':
      case 'lock.refused':
      case 'parameter.refused':
      case 'sandbox.refused':
        this.refusals.inc({ event: event.event });
        return;
      default:
        return;
    }
  }

  /** Starts timing one store call; call what it returns when the call has settled. */
  timeStore(operation: string): () => void {
    const started = performance.now();
    const series = this.storeSeries(operation);
    return () => series.observe((performance.now() - started) / 1000);
  }

  /** One operation's series, its labels resolved once rather than on every store call. */
  private storeSeries(operation: string): Histogram.Internal<'operation'> {
    let series = this.storeSeriesByOperation.get(operation);
    if (!series) {
      series = this.storeLatency.labels({ operation });
      this.storeSeriesByOperation.set(operation, series);
    }
    return series;
  }

  /** A gauge read when scraped. */
  gauge(name: string, help: string, read: Reading): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }

  /** A counter kept by someone else (monotonic), read when scraped. */
  counter(name: string, help: string, read: Reading): void {
    new Counter({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  }

  async render(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
