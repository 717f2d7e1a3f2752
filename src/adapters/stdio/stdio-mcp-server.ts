import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { IdentityProvider } from '../../application/ports/identity-provider.js';
import type { Logger } from '../../application/ports/logger.js';
import type { McpServerFactory } from '../mcp/mcp-server-factory.js';

/**
 * MCP over this process's stdin/stdout: one connection, one principal for its whole life
 * (the anonymous local owner unless an identity provider says otherwise). The connection ends
 * when the client closes stdin; `onEnded` is then called once, and the owner of the process
 * decides what stopping means.
 */
export class StdioMcpServer {
  private server?: Server;
  private closing?: Promise<void>;

  constructor(
    private readonly factory: McpServerFactory,
    private readonly identity: IdentityProvider,
    private readonly logger: Logger,
    private readonly stdin: NodeJS.ReadableStream = process.stdin,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
  ) {}

  async start(onEnded: () => void): Promise<undefined> {
    const principal = await this.identity.authenticate({ transport: 'stdio', headers: {} });
    this.server = this.factory.create({
      principalOf: () => principal,
      statusNotifications: true,
      singleClient: true,
      rateLimitInBand: true,
      requestContextOf: (extra) => ({
        requestId: `stdio-${String(extra.requestId)}`,
        clientAddress: 'stdio',
      }),
    });
    // A client that has gone away makes writes fail with EPIPE; unhandled, that error would end
    // the process mid-shutdown. What could not be written has no reader anyway.
    this.stdout.on('error', (error: Error) =>
      this.logger.debug('stdout closed by the client', { error: error.message }),
    );
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      onEnded();
    };
    this.stdin.once('end', end);
    this.stdin.once('close', end);
    const transport = new StdioServerTransport(
      this.stdin as typeof process.stdin,
      this.stdout as typeof process.stdout,
    );
    transport.onclose = end;
    await this.server.connect(transport);
    return undefined;
  }

  /** New work is refused in-band (the use cases check admission); nothing to do here. */
  refuseNewRequests(): void {}

  /** Nothing is queued on stdio beyond what the use cases have already answered. */
  async drain(): Promise<void> {}

  /**
   * Closes the connection once. The transport's onclose fires inside server.close(), but `end`
   * calls onEnded at most once, so closing never leads back into itself.
   */
  close(): Promise<void> {
    this.closing ??= this.server?.close() ?? Promise.resolve();
    return this.closing;
  }
}
