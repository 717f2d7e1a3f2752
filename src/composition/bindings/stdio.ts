import type { Container } from 'inversify';
import {
  IDENTITY_PROVIDER,
  type IdentityProvider,
} from '../../application/ports/identity-provider.js';
import { LOGGER, type Logger } from '../../application/ports/logger.js';
import { McpServerFactory } from '../../adapters/mcp/mcp-server-factory.js';
import { StdioMcpServer } from '../../adapters/stdio/stdio-mcp-server.js';
import { FRONT_DOOR } from '../tokens.js';

/** MCP over this process's stdin and stdout. */
export function bindStdio(container: Container): void {
  container
    .bind(StdioMcpServer)
    .toDynamicValue(
      (context) =>
        new StdioMcpServer(
          context.get(McpServerFactory),
          context.get<IdentityProvider>(IDENTITY_PROVIDER),
          context.get<Logger>(LOGGER),
        ),
    );
  container.bind(FRONT_DOOR).toService(StdioMcpServer);
}
