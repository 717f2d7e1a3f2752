import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalIssuer } from './local-issuer.js';

/** The audience of the tokens the bench's issuer signs for task-mcp. */
export const AUDIENCE = 'http://127.0.0.1/mcp';

/** task-mcp as every bench line starts it: stateless, in memory, quotas out of the way. */
export const TASK_MCP_ENV = {
  TASK_MCP_PORT: '0',
  // The bench's own state directory: a bench never writes into the user's default one.
  TASK_MCP_STATE_DIR: mkdtempSync(join(tmpdir(), 'task-mcp-bench-state-')),
  TASK_MCP_HTTP_MODE: 'stateless',
  TASK_MCP_MAX_TASKS_PER_OWNER: '1000000',
  TASK_MCP_MAX_CONCURRENT_TASKS_PER_OWNER: '100000',
  // The stock store pages by 10; list the same number of tasks per call.
  TASK_MCP_LIST_PAGE_SIZE: '10',
  TASK_MCP_LOG_LEVEL: 'warn',
};

export const RATE_LIMITS_OFF = {
  TASK_MCP_RATE_REQUESTS_PER_SECOND: '0',
  TASK_MCP_RATE_CREATES_PER_MINUTE: '0',
  TASK_MCP_RATE_IP_PER_SECOND: '0',
};

/** Every budget on, far too large to refuse anything: what spending them costs a request. */
export const RATE_LIMITS_HIGH = {
  TASK_MCP_RATE_REQUESTS_PER_SECOND: '1000000',
  TASK_MCP_RATE_CREATES_PER_MINUTE: '1000000',
  TASK_MCP_RATE_IP_PER_SECOND: '1000000',
};

/** task-mcp's settings as a resource server of the bench's own issuer. */
export function authEnv(issuer: LocalIssuer): Record<string, string> {
  return {
    ...TASK_MCP_ENV,
    TASK_MCP_AUTH_ISSUER: issuer.url,
    TASK_MCP_AUTH_AUDIENCE: AUDIENCE,
    TASK_MCP_AUTH_JWKS_URL: issuer.jwksUrl,
    // The load is far past a team's rate; the rate-limit scenario measures limits on against off.
    ...RATE_LIMITS_OFF,
  };
}
