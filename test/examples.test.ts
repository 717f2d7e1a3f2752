import { createHash } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema, CreateTaskResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { buildExampleContainer } from '../examples/hash-chain-tool.js';
import { LOGGER } from '../src/application/ports/logger.js';
import { loadConfig } from '../src/composition/config/load-config.js';
import { ServerLifecycle } from '../src/composition/server-lifecycle.js';
import { isolatedSettings } from './support/isolated-env.js';
import { silentLogger } from './support/test-container.js';

describe('examples/hash-chain-tool', () => {
  it('adds a working task tool with one container binding', async () => {
    const config = loadConfig(isolatedSettings({ TASK_MCP_PORT: '0' }));
    const container = buildExampleContainer(config);
    container.rebind(LOGGER).toConstantValue(silentLogger);
    const server = container.get(ServerLifecycle);
    const url = (await server.start())!;
    const client = new Client({ name: 'example-test', version: '1.0.0' });
    try {
      await client.connect(new StreamableHTTPClientTransport(url));
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('hash_chain');
      const created = await client.request(
        {
          method: 'tools/call',
          params: { name: 'hash_chain', arguments: { seed: 'abc', rounds: 3 }, task: {} },
        },
        CreateTaskResultSchema,
      );
      const result = await client.experimental.tasks.getTaskResult(
        created.task.taskId,
        CallToolResultSchema,
      );
      let expected = Buffer.from('abc');
      for (let i = 0; i < 3; i++) expected = createHash('sha256').update(expected).digest();
      expect(result.content).toEqual([{ type: 'text', text: expected.toString('hex') }]);
    } finally {
      await client.close();
      await server.stop();
    }
  });
});
