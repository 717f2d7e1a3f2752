import 'reflect-metadata';
import { PrometheusMetrics } from '../../src/adapters/metrics/prometheus-metrics.js';
import { DEFAULT_TASK_POLICY } from '../../src/application/policy/task-policy.js';
import type { IdentityProvider } from '../../src/application/ports/identity-provider.js';
import type { StoreRuntime } from '../../src/application/ports/store-runtime.js';
import { ProcessSlots } from '../../src/application/services/process-slots.js';
import type { JobsSummary } from '../../src/composition/bindings/jobs.js';
import { ServerOperations } from '../../src/composition/server-operations.js';

const JOBS: JobsSummary = {
  file: '/etc/task-mcp/jobs.json',
  jobs: ['build'],
  sandbox: '/srv/sandbox',
  workspaces: '/srv/workspaces',
  demoTools: false,
};

function store(reachable?: boolean): StoreRuntime {
  return {
    description: 'test store',
    open: async () => undefined,
    close: async () => undefined,
    ...(reachable === undefined ? {} : { reachable: async () => reachable }),
  };
}

function identity(options: {
  anonymous: boolean;
  ready?: boolean;
  stats?: Record<string, number>;
}) {
  return {
    anonymous: options.anonymous,
    authenticate: async () => {
      throw new Error('unused');
    },
    ...(options.ready === undefined ? {} : { ready: async () => options.ready! }),
    ...(options.stats ? { stats: () => options.stats! } : {}),
  } as IdentityProvider;
}

const slots = () => new ProcessSlots({ ...DEFAULT_TASK_POLICY, maxJobProcesses: 4 });

describe('ServerOperations', () => {
  it('is ready in anonymous mode with an in-process store, no catalogue and no keys to check', async () => {
    const operations = new ServerOperations(
      store(),
      identity({ anonymous: true }),
      new PrometheusMetrics(),
      slots(),
    );
    expect(await operations.readiness()).toEqual({
      ready: true,
      checks: { store: 'ok', catalogue: 'none', keys: 'none' },
    });
  });

  it('is not ready while the store or the key set cannot be reached, and says which', async () => {
    const noStore = new ServerOperations(
      store(false),
      identity({ anonymous: false, ready: true }),
      new PrometheusMetrics(),
      slots(),
      JOBS,
    );
    expect(await noStore.readiness()).toEqual({
      ready: false,
      checks: { store: 'unreachable', catalogue: 'ok', keys: 'ok' },
    });
    const noKeys = new ServerOperations(
      store(true),
      identity({ anonymous: false, ready: false }),
      new PrometheusMetrics(),
      slots(),
    );
    expect(await noKeys.readiness()).toEqual({
      ready: false,
      checks: { store: 'ok', catalogue: 'none', keys: 'unreachable' },
    });
  });

  it('shows process slots in use and the identity counters among the metrics', async () => {
    const processSlots = slots();
    processSlots.take();
    const stats = { tokenCacheHits: 12, jwksFetches: 2 };
    const operations = new ServerOperations(
      store(),
      identity({ anonymous: false, stats }),
      new PrometheusMetrics(),
      processSlots,
    );
    const { text } = await operations.metrics();
    expect(text).toMatch(/^task_mcp_job_slots_in_use 1$/m);
    expect(text).toMatch(/^task_mcp_token_cache_hits_total 12$/m);
    expect(text).toMatch(/^task_mcp_jwks_fetches_total 2$/m);
    expect(text).toMatch(/^task_mcp_token_cache_misses_total 0$/m);
    stats.tokenCacheHits = 20;
    expect((await operations.metrics()).text).toMatch(/^task_mcp_token_cache_hits_total 20$/m);
  });
});
