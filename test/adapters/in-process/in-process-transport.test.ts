import 'reflect-metadata';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Principal } from '../../../src/application/ports/identity-provider.js';
import { InProcessClients } from '../../../src/adapters/in-process/in-process-transport.js';
import { ownerFromIdentity } from '../../../src/domain/index.js';
import { rawRequest } from '../../support/rpc.js';
import { testContainer } from '../../support/test-container.js';

/*
 * The HTTP layer answers 403 before a request runs, but the use cases check scopes themselves:
 * any other way into the MCP server gets a clear in-band error instead of the task.
 */
describe('scopes enforced by the use cases, in-band', () => {
  const env = {
    TASK_MCP_AUTH_ISSUER: 'https://idp.example.test',
    TASK_MCP_AUTH_AUDIENCE: 'https://mcp.example.test/mcp',
  };

  async function connect(scopes: string[]): Promise<Client> {
    const { container } = testContainer(env);
    const principal: Principal = {
      owner: ownerFromIdentity('https://idp.example.test', 'alice'),
      scopes,
    };
    const client = new Client({ name: 'in-band', version: '1.0.0' });
    await client.connect(container.get(InProcessClients).transportFor(principal));
    return client;
  }

  it('refuses each scoped method with -32003 naming the scopes', async () => {
    const client = await connect([]);
    const cases: [string, object, string][] = [
      ['tasks/list', {}, 'tasks:read'],
      ['tasks/get', { taskId: 'x'.repeat(20) }, 'tasks:read'],
      ['tasks/result', { taskId: 'x'.repeat(20) }, 'tasks:read'],
      ['tasks/cancel', { taskId: 'x'.repeat(20) }, 'tasks:cancel'],
      ['tools/call', { name: 'wait', arguments: {}, task: {} }, 'tasks:create'],
      ['tools/call', { name: 'wait', arguments: {} }, 'tasks:create'],
    ];
    for (const [method, params, scope] of cases) {
      expect(await rawRequest(client, method, params)).toEqual({
        error: {
          code: -32003,
          message: `This request needs the scope(s) ${scope}; ask the authorization server for a token that grants them`,
        },
      });
    }
    await client.close();
  });

  it('serves the same requests with the scopes', async () => {
    const client = await connect(['tasks:read', 'tasks:create', 'tasks:cancel']);
    expect((await rawRequest(client, 'tasks/list', {})).result).toEqual({ tasks: [] });
    const plain = await rawRequest(client, 'tools/call', {
      name: 'wait',
      arguments: { durationMs: 0 },
    });
    expect(plain.result).toMatchObject({ content: [{ type: 'text' }] });
    await client.close();
  });
});
