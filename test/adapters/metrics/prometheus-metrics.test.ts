import { PrometheusMetrics } from '../../../src/adapters/metrics/prometheus-metrics.js';
import { anOwner } from '../../support/task-mother.js';

/** The value of one series of a metric, as a scrape reads it (0 when the series is absent). */
async function valueOf(
  metrics: PrometheusMetrics,
  name: string,
  labels: Record<string, string> = {},
  sample = name,
): Promise<number> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((each) => each.name === name);
  const series = (metric?.values ?? []) as {
    metricName?: string;
    labels: Record<string, unknown>;
    value: number;
  }[];
  const match = series.find(
    (each) =>
      (each.metricName ?? name) === sample &&
      Object.entries(labels).every(([key, value]) => each.labels[key] === value),
  );
  return match?.value ?? 0;
}

const owner = anOwner('alice');

describe('PrometheusMetrics', () => {
  it('counts tasks created and finished by tool, and how many run now', async () => {
    const metrics = new PrometheusMetrics();
    metrics.record({ event: 'task.created', severity: 'info', owner, detail: { tool: 'wait' } });
    metrics.record({ event: 'task.created', severity: 'info', owner, detail: { tool: 'wait' } });
    metrics.record({
      event: 'task.finished',
      severity: 'info',
      owner,
      detail: { tool: 'wait', status: 'completed', ms: 2500 },
    });

    expect(await valueOf(metrics, 'task_mcp_tasks_created_total', { tool: 'wait' })).toBe(2);
    expect(await valueOf(metrics, 'task_mcp_tasks_running', { tool: 'wait' })).toBe(1);
    expect(
      await valueOf(metrics, 'task_mcp_tasks_finished_total', {
        tool: 'wait',
        status: 'completed',
      }),
    ).toBe(1);
    expect(
      await valueOf(
        metrics,
        'task_mcp_task_duration_seconds',
        { tool: 'wait', status: 'completed' },
        'task_mcp_task_duration_seconds_sum',
      ),
    ).toBe(2.5);
  });

  it("counts job processes running and their exits by code, 'signal' when none", async () => {
    const metrics = new PrometheusMetrics();
    for (let i = 0; i < 3; i++) metrics.record({ event: 'job.started', severity: 'info', owner });
    metrics.record({ event: 'job.exited', severity: 'info', owner, detail: { exitCode: 0 } });
    metrics.record({ event: 'job.exited', severity: 'warn', owner, detail: { signal: 'SIGKILL' } });
    expect(await valueOf(metrics, 'task_mcp_job_processes_running')).toBe(1);
    expect(await valueOf(metrics, 'task_mcp_job_exits_total', { code: '0' })).toBe(1);
    expect(await valueOf(metrics, 'task_mcp_job_exits_total', { code: 'signal' })).toBe(1);
  });

  it('counts refusals: rate limits by budget, credentials by reason, the rest by event', async () => {
    const metrics = new PrometheusMetrics();
    metrics.record({ event: 'rate.limited', severity: 'warn', detail: { budget: 'creates' } });
    metrics.record({
      event: 'auth.refused',
      severity: 'warn',
      detail: { failure: 'invalid_token' },
    });
    metrics.record({ event: 'lock.refused', severity: 'warn', owner });
    metrics.record({ event: 'sandbox.refused', severity: 'warn', owner });
    metrics.record({ event: 'sandbox.refused', severity: 'warn', owner });
    metrics.record({ event: 'config.loaded', severity: 'info' });

    expect(await valueOf(metrics, 'task_mcp_rate_limited_total', { budget: 'creates' })).toBe(1);
    expect(await valueOf(metrics, 'task_mcp_auth_refused_total', { reason: 'invalid_token' })).toBe(
      1,
    );
    expect(await valueOf(metrics, 'task_mcp_refusals_total', { event: 'lock.refused' })).toBe(1);
    expect(await valueOf(metrics, 'task_mcp_refusals_total', { event: 'sandbox.refused' })).toBe(2);
  });

  it('times store calls by operation', async () => {
    const metrics = new PrometheusMetrics();
    metrics.timeStore('get')();
    metrics.timeStore('get')();
    metrics.timeStore('insert')();
    const count = (operation: string) =>
      valueOf(metrics, 'task_mcp_store_seconds', { operation }, 'task_mcp_store_seconds_count');
    expect([await count('get'), await count('insert'), await count('list')]).toEqual([2, 1, 0]);
  });

  it('reads gauges and counters kept elsewhere when scraped', async () => {
    const metrics = new PrometheusMetrics();
    let sessions = 3;
    let fetches = 10;
    metrics.gauge('task_mcp_sessions_open', 'Open sessions', () => sessions);
    metrics.counter('task_mcp_jwks_fetches_total', 'Key set fetches', () => fetches);
    expect(await valueOf(metrics, 'task_mcp_sessions_open')).toBe(3);
    sessions = 1;
    fetches = 12;
    expect(await valueOf(metrics, 'task_mcp_sessions_open')).toBe(1);
    expect(await valueOf(metrics, 'task_mcp_jwks_fetches_total')).toBe(12);
  });

  it('renders the Prometheus text format, default process metrics included', async () => {
    const metrics = new PrometheusMetrics();
    const { contentType, text } = await metrics.render();
    expect(contentType).toMatch(/^text\/plain/);
    expect(text).toContain('# TYPE task_mcp_tasks_created_total counter');
    expect(text).toContain('task_mcp_process_cpu_seconds_total');
  });
});
