import type { Container } from 'inversify';
import { AUDIT_LOG } from '../../application/ports/audit-log.js';
import {
  PINO_AUDIT_LOG_SETTINGS,
  PinoAuditLog,
  type PinoAuditLogSettings,
} from '../../adapters/audit/pino-audit-log.js';
import { AUDIT_SINK, TeeAuditLog } from '../../adapters/audit/tee-audit-log.js';
import { PrometheusMetrics } from '../../adapters/metrics/prometheus-metrics.js';
import type { Config } from '../config/load-config.js';

/**
 * Security events go to the metrics always, and to the audit trail when TASK_MCP_AUDIT_LOG names
 * where it goes.
 */
export function bindAudit(container: Container, config: Config): void {
  container.bind(PrometheusMetrics).toSelf();
  container.bind(AUDIT_SINK).toService(PrometheusMetrics);
  const destination = config.TASK_MCP_AUDIT_LOG;
  if (destination !== undefined) {
    const settings: PinoAuditLogSettings = {
      destination,
      hashOwners: config.TASK_MCP_AUDIT_HASH_OWNERS,
    };
    container.bind(PINO_AUDIT_LOG_SETTINGS).toConstantValue(settings);
    container.bind(AUDIT_SINK).to(PinoAuditLog);
  }
  container.bind(AUDIT_LOG).to(TeeAuditLog);
}
