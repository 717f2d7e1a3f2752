import { constants } from 'node:os';
import type { Container } from 'inversify';
import { AUDIT_LOG, type AuditDetail, type AuditLog } from '../application/ports/audit-log.js';
import { budgetSizesFrom } from './bindings/rate-limits.js';
import type { Config } from './config/load-config.js';
import {
  authLine,
  bannerLine,
  catalogueLine,
  describeServer,
  transportLine,
  type ServerDescription,
} from './describe-server.js';
import { CONFIG } from './tokens.js';
import { ServerLifecycle } from './server-lifecycle.js';

/**
 * Runs the container's server as this process: starts it, prints the banner, stops on SIGINT,
 * SIGTERM or the end of stdin, and resolves with the exit code once stopped (0 clean, 1 when the
 * shutdown grace ran out). A second signal during the stop kills every job and exits at once.
 */
export async function serve(container: Container): Promise<number> {
  const lifecycle = container.get(ServerLifecycle);
  const description = describeServer(container);
  const onSignal = (signal: 'SIGINT' | 'SIGTERM'): void => {
    if (!lifecycle.isStopping) {
      void lifecycle.stop(signal);
      return;
    }
    lifecycle.killJobsNow();
    console.error(`task-mcp: ${signal} again, exiting at once`);
    process.exit(128 + constants.signals[signal]);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Whatever ends this process, no job's process group outlives it.
  process.once('exit', () => lifecycle.killJobsNow());

  const url = await lifecycle.start();
  // The banner names the port actually bound (TASK_MCP_PORT=0 picks one).
  const started = url ? { ...description, bind: url.host } : description;
  console.error(bannerLine(started));
  container.get<AuditLog>(AUDIT_LOG).record({
    event: 'config.loaded',
    severity: 'info',
    detail: auditSummary(started, container.get<Config>(CONFIG)),
  });
  console.error(url ? `task-mcp listening on ${url.href}` : 'task-mcp serving MCP on stdio');
  const outcome = await lifecycle.stopped;
  return outcome.clean ? 0 : 1;
}

/** What the audit trail records of the configuration: what serves whom, never a secret. */
function auditSummary(description: ServerDescription, config: Config): AuditDetail {
  const budgets = Object.entries(budgetSizesFrom(config))
    .map(([budget, size]) => `${budget}=${size.points}/${size.durationS}s`)
    .join(' ');
  return {
    version: description.version,
    transport: transportLine(description),
    auth: authLine(description),
    store: description.store,
    catalogue: catalogueLine(description),
    tools: description.tools.length,
    rateLimits: budgets || 'off',
    trustProxy: config.TASK_MCP_TRUST_PROXY,
    hashedOwners: config.TASK_MCP_AUDIT_HASH_OWNERS,
  };
}
