/**
 * The anchor: a server built the way the SDK's own stateless example builds one
 * (createMcpExpressApp, a new McpServer and transport per POST), with the SDK's InMemoryTaskStore
 * and a `wait` task tool registered through its experimental registerToolTask. Benchmark only.
 */
import { InMemoryTaskStore } from '@modelcontextprotocol/sdk/experimental/tasks';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Request, Response } from 'express';
import { z } from 'zod';

const taskStore = new InMemoryTaskStore();

function getServer(): McpServer {
  const server = new McpServer(
    { name: 'stock-stateless-tasks', version: '1.0.0' },
    {
      capabilities: { tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } } },
      taskStore,
    },
  );
  server.experimental.tasks.registerToolTask(
    'wait',
    {
      description: 'Waits for durationMs milliseconds',
      inputSchema: { durationMs: z.number(), steps: z.number().optional() },
      execution: { taskSupport: 'required' },
    },
    {
      async createTask({ durationMs }, { taskStore: store, taskRequestedTtl }) {
        const task = await store.createTask({ ttl: taskRequestedTtl });
        // The request-scoped store of the SDK's own example throws "Not connected" (and takes the
        // process down) when work finishes after a stateless response: finish on the shared store.
        setTimeout(() => {
          void taskStore.storeTaskResult(task.taskId, 'completed', {
            content: [{ type: 'text', text: `Waited ${durationMs} ms` }],
          });
        }, durationMs);
        return { task };
      },
      async getTask(_args, { taskId, taskStore: store }) {
        return await store.getTask(taskId);
      },
      async getTaskResult(_args, { taskId, taskStore: store }) {
        return (await store.getTaskResult(taskId)) as never;
      },
    },
  );
  return server;
}

// BENCH_SEED_TASKS: tasks stored (and completed) before the server listens, for list scenarios.
const request = { method: 'tools/call', params: { name: 'wait', arguments: { durationMs: 0 } } };
for (let i = 0; i < Number(process.env.BENCH_SEED_TASKS ?? 0); i++) {
  const task = await taskStore.createTask({ ttl: 600_000 }, i, request as never);
  await taskStore.storeTaskResult(task.taskId, 'completed', {
    content: [{ type: 'text', text: 'Waited 0 ms' }],
  });
}

const app = createMcpExpressApp();
app.post('/mcp', async (req: Request, res: Response) => {
  const server = getServer();
  try {
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
  } catch {
    if (!res.headersSent) {
      res.status(500).json({
        jsonrpc: '2.0',
        error: { code: -32603, message: 'Internal server error' },
        id: null,
      });
    }
  }
});

const listener = app.listen(0, '127.0.0.1', () => {
  const address = listener.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.error(`stock listening on http://127.0.0.1:${port}/mcp`);
});
