import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import { MethodTable } from '../../../../src/adapters/mcp/methods/method-table.js';
import { SERVER_INFO } from '../../../../src/adapters/mcp/server-info.js';
import { aScope2026, call2026, methodWorld } from '../../../support/mcp-methods.js';
import { aPrincipal } from '../../../support/task-mother.js';
import { testContainer } from '../../../support/test-container.js';

const alice = aPrincipal('alice');

describe('server/discover', () => {
  it('is a 2026-07-28 method only, asking for no scope and creating nothing', () => {
    const discover = methodWorld().method('server/discover');
    expect(discover.name).toBe('server/discover');
    expect(discover.v2025).toBeUndefined();
    expect(discover.operation).toBeUndefined();
    expect(discover.creates).toBeUndefined();
    expect(discover.routingField).toBeUndefined();
    expect(discover.v2026!.parse({ anything: true })).toBeUndefined();
  });

  it('names the versions served, the tasks extension and the server, cacheable publicly', async () => {
    const discovered = await call2026(
      methodWorld().method('server/discover'),
      {},
      aScope2026(alice, {}),
    );
    expect(discovered).toEqual({
      resultType: 'complete',
      supportedVersions: ['2026-07-28', ...SUPPORTED_PROTOCOL_VERSIONS],
      capabilities: {
        tools: { listChanged: false },
        extensions: { 'io.modelcontextprotocol/tasks': {} },
      },
      ttlMs: 0,
      cacheScope: 'public',
      _meta: {
        'io.modelcontextprotocol/serverInfo': { name: 'task-mcp', version: expect.any(String) },
      },
    });
    // The legacy 2025-11-25 capability is not declared where the extension is (SEP-2663).
    expect(discovered.capabilities).not.toHaveProperty('tasks');
  });

  it('introduces the server as SERVER_INFO says', async () => {
    const { container } = testContainer();
    container.rebind(SERVER_INFO).toConstantValue({ name: 'renamed', version: '9.9.9' });
    const discover = container.get(MethodTable).get('server/discover')!;
    const discovered = await call2026(discover, {}, aScope2026(alice));
    expect(discovered._meta).toEqual({
      'io.modelcontextprotocol/serverInfo': { name: 'renamed', version: '9.9.9' },
    });
  });
});
