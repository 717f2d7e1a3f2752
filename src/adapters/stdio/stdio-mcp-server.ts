import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { IdentityProvider } from '../../application/ports/identity-provider.js';
import type { McpServerFactory } from '../mcp/mcp-server-factory.js';

/**
 * MCP over this process's stdin/stdout: one connection, one principal for its whole life
 * (the anonymous local owner unless an identity provider says otherwise).
 */
export class StdioMcpServer {
  private server?: Server;

  constructor(
    private readonly factory: McpServerFactory,
    private readonly identity: IdentityProvider,
  ) {}

  /** Serves until stdin closes; `onClosed` is then called once. */
  async start(onClosed: () => void): Promise<void> {
    const principal = await this.identity.authenticate({ transport: 'stdio', headers: {} });
    this.server = this.factory.create({ principalOf: () => principal, statusNotifications: true });
    const transport = new StdioServerTransport();
    transport.onclose = onClosed;
    process.stdin.once('end', onClosed);
    await this.server.connect(transport);
  }

  async close(): Promise<void> {
    await this.server?.close();
  }
}
