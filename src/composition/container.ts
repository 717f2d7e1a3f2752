import { Container } from 'inversify';
import type { Config } from './config/load-config.js';
import { bindAudit } from './bindings/audit.js';
import { bindAuth } from './bindings/auth.js';
import { bindCore } from './bindings/core.js';
import { bindDemoTools } from './bindings/demo-tools.js';
import { bindHttp } from './bindings/http.js';
import { bindJobs } from './bindings/jobs.js';
import { bindMcp } from './bindings/mcp.js';
import { bindRateLimits } from './bindings/rate-limits.js';
import { bindStdio } from './bindings/stdio.js';
import { bindStore } from './bindings/store.js';
import { ServerLifecycle } from './server-lifecycle.js';
import { Sweeper } from './sweeper.js';
import { CONFIG } from './tokens.js';

/**
 * The one place where ports meet adapters, area by area. Every object the running server uses
 * comes out of this container, so tests and tool authors rebind or add single tokens
 * (`container.bind(TASK_TOOL).to(MyTool)`, `container.rebind(CLOCK)...`) instead of building a
 * second world. Nothing is created until it is first asked for, so a rebinding made before
 * start-up takes effect everywhere.
 */
export function buildContainer(
  config: Config,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(CONFIG).toConstantValue(config);
  bindCore(container, config);
  bindAudit(container, config);
  bindStore(container, config);
  bindAuth(container, config);
  bindRateLimits(container, config);
  bindDemoTools(container, config);
  bindJobs(container, config, env);
  bindMcp(container, config);
  if (config.TASK_MCP_TRANSPORT === 'stdio') bindStdio(container, config);
  else bindHttp(container, config);
  container.bind(Sweeper).toSelf();
  container.bind(ServerLifecycle).toSelf();
  return container;
}
