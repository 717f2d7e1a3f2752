import { z } from 'zod';
import { flag, integer } from './config-values.js';

/*
 * The part of the configuration contract for running a shared server: rate limits, and how the
 * server sits behind a proxy. Rate limits left unset take the team defaults with authentication
 * and are off in anonymous mode (one local user is not throttled by its own client).
 */

const budget = integer(0, 1_000_000).optional();

const absolutePath = z
  .string()
  .trim()
  .refine((path) => path.startsWith('/'), { error: 'an absolute path to a PEM file' })
  .optional();

export const OPERATIONS_SETTINGS = {
  TASK_MCP_RATE_REQUESTS_PER_SECOND: budget,
  TASK_MCP_RATE_BURST: budget,
  TASK_MCP_RATE_CREATES_PER_MINUTE: budget,
  TASK_MCP_RATE_IP_PER_SECOND: budget,
  TASK_MCP_TRUST_PROXY: flag.default(false),
  TASK_MCP_TLS_CERT: absolutePath,
  TASK_MCP_TLS_KEY: absolutePath,
  TASK_MCP_AUDIT_LOG: z
    .string()
    .trim()
    .refine((value) => value === 'stderr' || value.startsWith('/'), {
      error: "'stderr' or an absolute file path",
    })
    .optional(),
  TASK_MCP_AUDIT_HASH_OWNERS: flag.default(false),
  TASK_MCP_METRICS_TOKEN: z
    .string()
    .trim()
    .regex(/^[\x21-\x7e]{16,256}$/, { error: '16 to 256 printable characters, no spaces' })
    .optional(),
};

/** The rate limits with authentication on, where each setting is left unset. */
export const TEAM_RATE_DEFAULTS = {
  TASK_MCP_RATE_REQUESTS_PER_SECOND: 50,
  TASK_MCP_RATE_BURST: 100,
  TASK_MCP_RATE_CREATES_PER_MINUTE: 300,
  TASK_MCP_RATE_IP_PER_SECOND: 500,
} as const;
