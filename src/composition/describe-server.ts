import type { Container } from 'inversify';
import { ToolRegistry } from '../application/services/tool-registry.js';
import { HANDLE_TOOLS } from '../adapters/mcp/taskless/taskless-clients.js';
import { urlHost } from '../adapters/net/loopback-host.js';
import type { JobsSummary } from './bindings/jobs.js';
import type { Config } from './config/load-config.js';
import { packageInfo } from './package-info.js';
import { STORE_RUNTIME, type StoreRuntime } from '../application/ports/store-runtime.js';
import { CONFIG, JOBS_SUMMARY } from './tokens.js';

/** What a container would serve: the banner and `task-mcp check` both say it from this. */
export interface ServerDescription {
  readonly version: string;
  readonly tools: readonly string[];
  readonly auth: { readonly issuer: string; readonly audience: string } | 'anonymous';
  readonly transport: Config['TASK_MCP_TRANSPORT'];
  readonly httpMode: Config['TASK_MCP_HTTP_MODE'];
  /** host:port HTTP binds (port 0: a free one, chosen at start). */
  readonly bind: string;
  /** HTTPS with the operator's certificate. */
  readonly tls: boolean;
  /** Which store, and for a database where (password hidden). */
  readonly store: string;
  readonly catalogue?: JobsSummary;
}

export function describeServer(container: Container): ServerDescription {
  const config = container.get<Config>(CONFIG);
  const issuer = config.TASK_MCP_AUTH_ISSUER;
  const audience = config.TASK_MCP_AUTH_AUDIENCE;
  return {
    version: packageInfo().version,
    tools: [
      ...container
        .get(ToolRegistry)
        .all()
        .map((tool) => tool.name),
      // What tools/list shows, the taskless clients' four tools included.
      ...(config.TASK_MCP_TASKLESS_CLIENTS === 'handles' ? Object.values(HANDLE_TOOLS) : []),
    ],
    auth: issuer !== undefined && audience !== undefined ? { issuer, audience } : 'anonymous',
    transport: config.TASK_MCP_TRANSPORT,
    httpMode: config.TASK_MCP_HTTP_MODE,
    bind: `${urlHost(config.TASK_MCP_HOST)}:${config.TASK_MCP_PORT}`,
    tls: config.TASK_MCP_TLS_CERT !== undefined,
    store: container.get<StoreRuntime>(STORE_RUNTIME).description,
    ...(container.isBound(JOBS_SUMMARY)
      ? { catalogue: container.get<JobsSummary>(JOBS_SUMMARY) }
      : {}),
  };
}

export function authLine(description: ServerDescription): string {
  const auth = description.auth;
  return auth === 'anonymous'
    ? 'anonymous (no authentication; every caller is the owner local)'
    : `OAuth 2.1 (issuer ${auth.issuer}, audience ${auth.audience})`;
}

export function transportLine(description: ServerDescription): string {
  return description.transport === 'stdio'
    ? 'stdio'
    : `Streamable HTTP${description.tls ? ' over TLS' : ''}, ${description.httpMode} mode, on ${description.bind}`;
}

export function catalogueLine(description: ServerDescription): string {
  const catalogue = description.catalogue;
  if (!catalogue) return 'none';
  const demo = catalogue.demoTools ? ', demo tools on' : '';
  return `${catalogue.file} (${catalogue.jobs.length} jobs${demo})`;
}

/** The start-up banner's first line; the second is the URL (HTTP) or "serving MCP on stdio". */
export function bannerLine(description: ServerDescription): string {
  return [
    `task-mcp ${description.version}`,
    `auth: ${authLine(description)}`,
    `transport: ${transportLine(description)}`,
    `catalogue: ${catalogueLine(description)}`,
    `store: ${description.store}`,
  ].join(' | ');
}
