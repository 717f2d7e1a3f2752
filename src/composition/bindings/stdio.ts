import type { Container } from 'inversify';
import { STDIO_SETTINGS, STDIO_STREAMS, StdioServer } from '../../adapters/stdio/stdio-server.js';
import type { Config } from '../config/load-config.js';
import { FRONT_DOOR } from '../tokens.js';

/** MCP over this process's stdin and stdout. */
export function bindStdio(container: Container, config: Config): void {
  container.bind(STDIO_SETTINGS).toConstantValue({ maxLineBytes: config.TASK_MCP_MAX_BODY_BYTES });
  container.bind(STDIO_STREAMS).toConstantValue({ stdin: process.stdin, stdout: process.stdout });
  container.bind(StdioServer).toSelf();
  container.bind(FRONT_DOOR).toService(StdioServer);
}
