/** task-mcp as a kit: build the container, bind your own tools, start the server. */
import 'reflect-metadata';

export * from './application/index.js';
export * from './domain/index.js';
export { buildContainer } from './composition/container.js';
export { taskPolicyFrom } from './composition/bindings/core.js';
export { ConfigError, loadConfig, type Config } from './composition/config/load-config.js';
export {
  ServerLifecycle,
  type StopCause,
  type StopOutcome,
} from './composition/server-lifecycle.js';
export { serve } from './composition/serve.js';
export { CONFIG, FRONT_DOOR, JOBS_SUMMARY } from './composition/tokens.js';
export { DATABASE_POOL } from './adapters/persistence/postgres/database-pool.js';
export { STORE_RUNTIME, type StoreRuntime } from './application/ports/store-runtime.js';
export {
  PostgresTaskStore,
  type LeaseHolder,
} from './adapters/persistence/postgres/postgres-task-store.js';
export { PostgresLockStore } from './adapters/persistence/postgres/postgres-lock-store.js';
export { PostgresTaskLeases } from './adapters/persistence/postgres/postgres-task-leases.js';
export { PostgresConsumedRequestStates } from './adapters/persistence/postgres/postgres-consumed-request-states.js';
export { PostgresTaskEvents } from './adapters/persistence/postgres/postgres-task-events.js';
export {
  applyMigrations,
  MigrationError,
  pendingMigrations,
  readMigrations,
  type Migration,
} from './adapters/persistence/postgres/migrations.js';
export { InMemoryTaskStore } from './adapters/persistence/memory/in-memory-task-store.js';
export { SystemClock } from './adapters/clock/system-clock.js';
export {
  JwksIdentityProvider,
  type JwtSettings,
} from './adapters/identity/jwks-identity-provider.js';
export {
  JwksKeySource,
  type JwksSettings,
  type JwksStats,
} from './adapters/identity/jwks-key-source.js';
export { VerifiedTokenCache } from './adapters/identity/verified-token-cache.js';
export { scopeRulesFrom } from './composition/bindings/auth.js';
export { InMemoryLockStore } from './adapters/persistence/memory/in-memory-lock-store.js';
export {
  CatalogueError,
  loadCatalogue,
  type JobCatalogue,
  type JobDefinition,
} from './adapters/jobs/catalogue-loader.js';
export { JobTool, type JobToolOptions } from './adapters/jobs/job-tool.js';
export { LiveProcessGroups } from './adapters/jobs/live-process-groups.js';
export { JobOutputSchema, type JobOutput } from './adapters/jobs/job-result.js';
export { bindJobs, bundledCataloguePath } from './composition/bindings/jobs.js';
export { bindDemoTools } from './composition/bindings/demo-tools.js';
export {
  InProcessClients,
  InProcessTransport,
} from './adapters/in-process/in-process-transport.js';
