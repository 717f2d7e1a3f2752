import { inject, injectable } from 'inversify';
import type { JsonObject } from '../../../domain/index.js';
import { META_2026, SUPPORTED_VERSIONS, TASKS_EXTENSION } from '../protocol-versions.js';
import { SERVER_INFO, type ServerInfo } from '../server-info.js';
import type { McpMethod, MethodVersion, Scope2026 } from './mcp-method.js';

/**
 * server/discover (2026-07-28): the versions served and what the server can do, the tasks
 * extension among it (2025-11-25's `tasks` capability is initialize's to declare).
 */
@injectable()
export class ServerDiscover implements McpMethod {
  readonly name = 'server/discover';
  readonly v2026: MethodVersion<undefined, Scope2026>;

  constructor(@inject(SERVER_INFO) info: ServerInfo) {
    const discovered: JsonObject = Object.freeze({
      resultType: 'complete',
      supportedVersions: [...SUPPORTED_VERSIONS],
      capabilities: { tools: { listChanged: false }, extensions: { [TASKS_EXTENSION]: {} } },
      ttlMs: 0,
      cacheScope: 'public',
      _meta: { [META_2026.serverInfo]: { name: info.name, version: info.version } },
    });
    this.v2026 = { parse: () => undefined, serve: () => Promise.resolve(discovered) };
  }
}
