import { inject, injectable, optional } from 'inversify';
import {
  IDENTITY_PROVIDER,
  type IdentityProvider,
} from '../application/ports/identity-provider.js';
import { ProcessSlots } from '../application/services/process-slots.js';
import type {
  OperationsPages,
  ReadinessReport,
} from '../adapters/http/operations/operations-pages.js';
import { StreamableEndpoint } from '../adapters/http/streamable/streamable-endpoint.js';
import { PrometheusMetrics } from '../adapters/metrics/prometheus-metrics.js';
import { STORE_RUNTIME, type StoreRuntime } from '../application/ports/store-runtime.js';
import { JOBS_SUMMARY } from './tokens.js';
import type { JobsSummary } from './bindings/jobs.js';

/** What the identity provider's counters become on /metrics. */
const IDENTITY_COUNTERS: Readonly<Record<string, string>> = {
  tokenCacheHits: 'Verified tokens answered from the cache',
  tokenCacheMisses: 'Tokens that had to be verified',
  jwksFetches: "Fetches of the issuer's key set",
  jwksFetchFailures: "Failed fetches of the issuer's key set",
};

/**
 * /ready and /metrics for this server: readiness asks the store, the catalogue and the key set;
 * the metrics add to the event counts what others keep (open sessions, process slots, the token
 * cache and key fetches).
 */
@injectable()
export class ServerOperations implements OperationsPages {
  constructor(
    @inject(STORE_RUNTIME) private readonly store: StoreRuntime,
    @inject(IDENTITY_PROVIDER) private readonly identity: IdentityProvider,
    @inject(PrometheusMetrics) private readonly prometheus: PrometheusMetrics,
    @inject(ProcessSlots) slots: ProcessSlots,
    @inject(JOBS_SUMMARY) @optional() private readonly jobs?: JobsSummary,
    @inject(StreamableEndpoint) @optional() endpoint?: StreamableEndpoint,
  ) {
    prometheus.gauge('task_mcp_job_slots_in_use', 'Job process slots taken', () => slots.inUse);
    if (endpoint) {
      prometheus.gauge('task_mcp_sessions_open', 'Open MCP sessions', () => endpoint.openSessions);
    }
    const stats = identity.stats?.bind(identity);
    if (stats) {
      for (const [key, help] of Object.entries(IDENTITY_COUNTERS)) {
        prometheus.counter(`task_mcp_${snake(key)}_total`, help, () => stats()[key] ?? 0);
      }
    }
  }

  async readiness(): Promise<ReadinessReport> {
    const [store, keys] = await Promise.all([
      this.store.reachable ? this.store.reachable() : Promise.resolve(true),
      this.identity.anonymous || !this.identity.ready
        ? Promise.resolve(true)
        : this.identity.ready(),
    ]);
    const checks = {
      store: store ? 'ok' : 'unreachable',
      catalogue: this.jobs ? 'ok' : 'none',
      keys: this.identity.anonymous ? 'none' : keys ? 'ok' : 'unreachable',
    };
    return { ready: store && keys, checks };
  }

  metrics(): Promise<{ contentType: string; text: string }> {
    return this.prometheus.render();
  }
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
