import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { inject, injectable } from 'inversify';
import type { Principal } from '../../../application/ports/identity-provider.js';
import { LOGGER, type Logger } from '../../../application/ports/logger.js';
import { ToolRegistry } from '../../../application/services/tool-registry.js';
import type { JsonObject } from '../../../domain/index.js';
import { toRpcError } from '../error-mapping.js';
import { RpcError } from '../rpc-error.js';
import { SERVER_INFO, type ServerInfo } from '../server-info.js';
import { toToolDefinition } from '../tool-listing.js';
import type { RequestMeta } from './request-meta.js';
import { TaskMethods2026 } from './task-methods-2026.js';
import { ToolCall2026 } from './tool-call-2026.js';
import { META, SUPPORTED_VERSIONS, TASKS_EXTENSION } from './wire.js';

/** One 2026-07-28 JSON-RPC request, as the HTTP layer read it. */
export interface Request2026 {
  readonly id: string | number;
  readonly method: string;
  readonly params?: unknown;
}

const COMPLETE = Object.freeze({ resultType: 'complete' });

/**
 * The 2026-07-28 base protocol, as much of it as a client needs to reach tasks, and the tasks
 * extension (SEP-2663) on it. Every request stands alone: the client's capabilities come with it,
 * so one request may take task handles and the next not. Handlers call the same use cases as the
 * 2025-11-25 server, under the caller's principal; nothing here keeps state between requests.
 */
@injectable()
export class Mcp2026Handler {
  private readonly tools: JsonObject[];

  constructor(
    @inject(ToolRegistry) registry: ToolRegistry,
    @inject(ToolCall2026) private readonly toolCall: ToolCall2026,
    @inject(TaskMethods2026) private readonly tasks: TaskMethods2026,
    @inject(LOGGER) private readonly logger: Logger,
    @inject(SERVER_INFO) private readonly info: ServerInfo,
  ) {
    // The extension is server-directed: 2026-07-28 tools carry no execution.taskSupport.
    this.tools = registry.all().map((tool) => {
      const { execution: _execution, ...definition } = toToolDefinition(tool);
      return definition as JsonObject;
    });
  }

  /**
   * The result of `request` (whose `_meta` the transport has read), or throws the RpcError to
   * answer with.
   */
  async handle(
    request: Request2026,
    meta: RequestMeta,
    principal: Principal,
    signal: AbortSignal,
  ): Promise<JsonObject> {
    try {
      const known = this.method(request.method);
      if (!known) {
        throw new RpcError(ErrorCode.MethodNotFound, `Method not found: ${clip(request.method)}`);
      }
      return await known(request.params as Record<string, unknown>, meta, principal, signal);
    } catch (error) {
      throw toRpcError(error, this.logger);
    }
  }

  private method(name: string): Handler | undefined {
    switch (name) {
      case 'server/discover':
        return () => Promise.resolve(this.discover());
      case 'tools/list':
        return () =>
          Promise.resolve({ ...COMPLETE, tools: this.tools, ttlMs: 0, cacheScope: 'private' });
      case 'tools/call':
        return (params, meta, principal, signal) =>
          this.toolCall.call(params, meta, principal, signal);
      case 'tasks/get':
        return (params, meta, principal) => this.tasks.get(params, meta, principal);
      case 'tasks/update':
        return (params, meta, principal) => this.tasks.update(params, meta, principal);
      case 'tasks/cancel':
        return (params, meta, principal) => this.tasks.cancel(params, meta, principal);
      default:
        // tasks/result and tasks/list are not part of the extension; initialize, ping and the
        // rest are 2025-11-25's (or not this server's).
        return undefined;
    }
  }

  private discover(): JsonObject {
    return {
      ...COMPLETE,
      supportedVersions: [...SUPPORTED_VERSIONS],
      capabilities: { tools: { listChanged: false }, extensions: { [TASKS_EXTENSION]: {} } },
      ttlMs: 0,
      cacheScope: 'public',
      _meta: { [META.serverInfo]: { name: this.info.name, version: this.info.version } },
    };
  }
}

type Handler = (
  params: Record<string, unknown>,
  meta: RequestMeta,
  principal: Principal,
  signal: AbortSignal,
) => Promise<JsonObject>;

function clip(text: string): string {
  return text.length > 64 ? `${text.slice(0, 64)}...` : text;
}
