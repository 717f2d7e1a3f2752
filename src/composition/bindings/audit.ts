import type { Container } from 'inversify';
import { AUDIT_LOG, type AuditLog } from '../../application/ports/audit-log.js';
import { PinoAuditLog } from '../../adapters/audit/pino-audit-log.js';
import { TeeAuditLog } from '../../adapters/audit/tee-audit-log.js';
import type { ServerSecret } from '../../adapters/crypto/server-secret.js';
import { PrometheusMetrics } from '../../adapters/metrics/prometheus-metrics.js';
import type { Config } from '../config/load-config.js';
import { SERVER_SECRET } from '../tokens.js';

/**
 * Security events go to the metrics always, and to the audit trail when TASK_MCP_AUDIT_LOG names
 * where it goes.
 */
export function bindAudit(container: Container, config: Config): void {
  container.bind(PrometheusMetrics).toDynamicValue(() => new PrometheusMetrics());
  const destination = config.TASK_MCP_AUDIT_LOG;
  container.bind(AUDIT_LOG).toDynamicValue((context) => {
    const sinks: AuditLog[] = [context.get(PrometheusMetrics)];
    if (destination !== undefined) {
      sinks.push(
        new PinoAuditLog({
          destination,
          ...(config.TASK_MCP_AUDIT_HASH_OWNERS
            ? { hashOwnersWith: context.get<ServerSecret>(SERVER_SECRET) }
            : {}),
        }),
      );
    }
    return new TeeAuditLog(sinks);
  });
}
