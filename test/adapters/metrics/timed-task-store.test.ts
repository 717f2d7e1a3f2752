import { InMemoryTaskStore } from '../../../src/adapters/persistence/memory/in-memory-task-store.js';
import { PrometheusMetrics } from '../../../src/adapters/metrics/prometheus-metrics.js';
import { TimedTaskStore } from '../../../src/adapters/metrics/timed-task-store.js';
import { DEFAULT_TASK_POLICY } from '../../../src/application/policy/task-policy.js';
import type { TaskStore } from '../../../src/application/ports/task-store.js';
import { describeTaskStoreContract } from '../../contracts/task-store.contract.js';
import { aTask, anOwner } from '../../support/task-mother.js';

// Timing changes nothing about what the store does.
describeTaskStoreContract(
  'TimedTaskStore over InMemoryTaskStore',
  (policy) => new TimedTaskStore(new InMemoryTaskStore(policy), new PrometheusMetrics()),
);

describe('TimedTaskStore', () => {
  async function timedCalls(metrics: PrometheusMetrics): Promise<Record<string, number>> {
    const [metric] = (await metrics.registry.getMetricsAsJSON()).filter(
      (each) => each.name === 'task_mcp_store_seconds',
    );
    const counts: Record<string, number> = {};
    for (const sample of metric!.values as {
      metricName: string;
      labels: { operation: string };
      value: number;
    }[]) {
      if (sample.metricName === 'task_mcp_store_seconds_count') {
        counts[sample.labels.operation] = sample.value;
      }
    }
    return counts;
  }

  it('times every call under its operation, failed calls too', async () => {
    const metrics = new PrometheusMetrics();
    const store: TaskStore = new TimedTaskStore(
      new InMemoryTaskStore(DEFAULT_TASK_POLICY),
      metrics,
    );
    const alice = anOwner('alice');
    const task = aTask({ owner: alice });
    await store.insert(alice, task);
    await expect(store.insert(alice, task)).rejects.toThrow();
    await store.get(alice, task.id);
    await store.replace(alice, task, task.version);
    await store.list(alice, undefined, 10);
    await store.cleanupExpired(0);
    expect(await timedCalls(metrics)).toEqual({
      insert: 2,
      get: 1,
      replace: 1,
      list: 1,
      cleanup: 1,
    });
  });
});
