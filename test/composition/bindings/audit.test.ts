import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  PINO_AUDIT_LOG_SETTINGS,
  PinoAuditLog,
} from '../../../src/adapters/audit/pino-audit-log.js';
import { AUDIT_SINK, TeeAuditLog } from '../../../src/adapters/audit/tee-audit-log.js';
import { PrometheusMetrics } from '../../../src/adapters/metrics/prometheus-metrics.js';
import { AUDIT_LOG, type AuditLog } from '../../../src/application/ports/audit-log.js';
import { buildContainer } from '../../../src/composition/container.js';
import { loadConfig } from '../../../src/composition/config/load-config.js';
import { freshTempDir, isolatedProcessEnv, isolatedSettings } from '../../support/isolated-env.js';
import { anOwner } from '../../support/task-mother.js';

const build = (settings: Record<string, string> = {}) =>
  buildContainer(loadConfig(isolatedSettings(settings)), isolatedProcessEnv());

const REFUSED = {
  event: 'auth.refused',
  severity: 'warn',
  owner: anOwner('alice'),
  detail: { failure: 'invalid_token', reason: 'expired' },
} as const;

describe('the audit binding', () => {
  it('sends security events to the metrics, and nowhere else without TASK_MCP_AUDIT_LOG', async () => {
    const container = build();
    const audit = container.get<AuditLog>(AUDIT_LOG);
    expect(audit).toBeInstanceOf(TeeAuditLog);
    const metrics = container.get(PrometheusMetrics);
    expect(container.getAll(AUDIT_SINK)).toEqual([metrics]);
    expect(container.isBound(PINO_AUDIT_LOG_SETTINGS)).toBe(false);

    audit.record(REFUSED);
    expect((await metrics.render()).text).toMatch(
      /^task_mcp_auth_refused_total\{reason="invalid_token"\} 1$/m,
    );
  });

  it('adds the audit trail where TASK_MCP_AUDIT_LOG names, with owners hashed when asked', async () => {
    const file = join(freshTempDir('audit-'), 'audit.log');
    const container = build({ TASK_MCP_AUDIT_LOG: file, TASK_MCP_AUDIT_HASH_OWNERS: 'true' });
    expect(container.get(PINO_AUDIT_LOG_SETTINGS)).toEqual({ destination: file, hashOwners: true });
    const sinks = container.getAll(AUDIT_SINK);
    expect(sinks).toHaveLength(2);
    expect(sinks[0]).toBe(container.get(PrometheusMetrics));
    expect(sinks[1]).toBeInstanceOf(PinoAuditLog);

    const audit = container.get<AuditLog>(AUDIT_LOG);
    audit.record(REFUSED);
    await audit.close?.();
    const line = JSON.parse(readFileSync(file, 'utf8').trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ event: 'auth.refused', failure: 'invalid_token' });
    expect(line.owner).toMatch(/^hmac:/);
  });

  it('makes one audit log for everything that records', () => {
    const container = build();
    expect(container.get(AUDIT_LOG)).toBe(container.get(AUDIT_LOG));
  });
});
