/**
 * The ceiling: bare node:http answering every POST with one fixed JSON-RPC body, nothing parsed.
 * No MCP server can be faster than this on the same machine and load. Benchmark only.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const BODY = Buffer.from(
  JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    // Shaped as a create result, so the bench's seeding takes it as one.
    result: {
      task: {
        taskId: '00000000-0000-4000-8000-000000000000',
        status: 'completed',
        createdAt: '2026-01-01T00:00:00.000Z',
        lastUpdatedAt: '2026-01-01T00:00:00.000Z',
        ttl: 600000,
        pollInterval: 1000,
      },
    },
  }),
);
const HEADERS = { 'content-type': 'application/json', 'content-length': String(BODY.length) };

const server = createServer((req, res) => {
  // Read the request through, as a server must, then answer.
  req.resume();
  req.once('end', () => res.writeHead(200, HEADERS).end(BODY));
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.error(`bare listening on http://127.0.0.1:${port}/mcp`);
});
