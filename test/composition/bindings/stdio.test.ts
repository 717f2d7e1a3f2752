import { HttpServer } from '../../../src/adapters/http/http-server.js';
import { ROUTES } from '../../../src/adapters/http/routes.js';
import {
  STDIO_SETTINGS,
  STDIO_STREAMS,
  StdioServer,
  type StdioStreams,
} from '../../../src/adapters/stdio/stdio-server.js';
import { buildContainer } from '../../../src/composition/container.js';
import { loadConfig } from '../../../src/composition/config/load-config.js';
import { ServerLifecycle } from '../../../src/composition/server-lifecycle.js';
import { FRONT_DOOR } from '../../../src/composition/tokens.js';
import { isolatedProcessEnv, isolatedSettings } from '../../support/isolated-env.js';

const build = (settings: Record<string, string> = {}) =>
  buildContainer(
    loadConfig(isolatedSettings({ TASK_MCP_TRANSPORT: 'stdio', ...settings })),
    isolatedProcessEnv(),
  );

describe('the stdio binding', () => {
  it('makes the stdio server the front door, and binds no HTTP', () => {
    const container = build();
    const server = container.get(StdioServer);
    expect(server).toBeInstanceOf(StdioServer);
    expect(container.get(FRONT_DOOR)).toBe(server);
    expect(container.get(ServerLifecycle)).toBeInstanceOf(ServerLifecycle);
    expect(container.isBound(HttpServer)).toBe(false);
    expect(container.isBound(ROUTES)).toBe(false);
  });

  it("serves on this process's stdin and stdout, a line as long as an HTTP body may be", () => {
    const container = build({ TASK_MCP_MAX_BODY_BYTES: '65536' });
    expect(container.get(STDIO_SETTINGS)).toEqual({ maxLineBytes: 65536 });
    const streams = container.get<StdioStreams>(STDIO_STREAMS);
    expect(streams.stdin).toBe(process.stdin);
    expect(streams.stdout).toBe(process.stdout);
  });
});
