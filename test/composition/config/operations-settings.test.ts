import { loadConfig } from '../../../src/composition/config/load-config.js';
import { TEAM_RATE_DEFAULTS } from '../../../src/composition/config/operations-settings.js';

describe('operations settings', () => {
  it('leave rate limits unset (the team defaults apply with authentication) and proxies untrusted', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      TASK_MCP_TRUST_PROXY: false,
      TASK_MCP_AUDIT_HASH_OWNERS: false,
    });
    for (const name of Object.keys(TEAM_RATE_DEFAULTS)) {
      expect(config[name as keyof typeof config]).toBeUndefined();
    }
    expect(TEAM_RATE_DEFAULTS).toEqual({
      TASK_MCP_RATE_REQUESTS_PER_SECOND: 50,
      TASK_MCP_RATE_BURST: 100,
      TASK_MCP_RATE_CREATES_PER_MINUTE: 300,
      TASK_MCP_RATE_IP_PER_SECOND: 500,
    });
  });

  it('take 0 to turn a rate limit off', () => {
    expect(loadConfig({ TASK_MCP_RATE_IP_PER_SECOND: '0' }).TASK_MCP_RATE_IP_PER_SECOND).toBe(0);
  });

  it('send the audit log to stderr or to an absolute path, nowhere else', () => {
    expect(loadConfig({ TASK_MCP_AUDIT_LOG: 'stderr' }).TASK_MCP_AUDIT_LOG).toBe('stderr');
    expect(loadConfig({ TASK_MCP_AUDIT_LOG: '/var/log/audit.log' }).TASK_MCP_AUDIT_LOG).toBe(
      '/var/log/audit.log',
    );
    expect(() => loadConfig({ TASK_MCP_AUDIT_LOG: 'audit.log' })).toThrow(
      `TASK_MCP_AUDIT_LOG: invalid value "audit.log", expected 'stderr' or an absolute file path`,
    );
  });

  it('want TLS files as absolute paths, and both of them', () => {
    expect(() => loadConfig({ TASK_MCP_TLS_CERT: 'cert.pem', TASK_MCP_TLS_KEY: '/k.pem' })).toThrow(
      /^TASK_MCP_TLS_CERT: .*an absolute path to a PEM file/,
    );
    expect(() => loadConfig({ TASK_MCP_TLS_CERT: '/cert.pem' })).toThrow(
      'TASK_MCP_TLS_KEY: required with TASK_MCP_TLS_CERT',
    );
  });

  it('refuse a metrics token that is short or has spaces, without repeating it', () => {
    const refusal = () => loadConfig({ TASK_MCP_METRICS_TOKEN: 'short secret' });
    expect(refusal).toThrow(
      'TASK_MCP_METRICS_TOKEN: invalid value (not shown: it may hold a password), expected 16 to 256 printable characters, no spaces',
    );
    expect(loadConfig({ TASK_MCP_METRICS_TOKEN: 'x'.repeat(16) }).TASK_MCP_METRICS_TOKEN).toBe(
      'x'.repeat(16),
    );
  });
});
