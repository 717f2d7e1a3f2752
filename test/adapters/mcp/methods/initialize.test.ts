import {
  InitializeResultSchema,
  LATEST_PROTOCOL_VERSION,
} from '@modelcontextprotocol/sdk/types.js';
import { CAPABILITIES_2025 } from '../../../../src/adapters/mcp/methods/initialize.js';
import { MethodTable } from '../../../../src/adapters/mcp/methods/method-table.js';
import { SERVER_INFO } from '../../../../src/adapters/mcp/server-info.js';
import {
  aScope2025,
  call2025,
  methodWorld,
  RecordingRequestLink,
  refusalOf,
} from '../../../support/mcp-methods.js';
import { aPrincipal } from '../../../support/task-mother.js';
import { testContainer } from '../../../support/test-container.js';

const alice = aPrincipal('alice');

describe('initialize', () => {
  it('is a 2025-11-25 method only, asking for no scope and creating nothing', () => {
    const initialize = methodWorld().method('initialize');
    expect(initialize.name).toBe('initialize');
    expect(initialize.v2026).toBeUndefined();
    expect(initialize.operation).toBeUndefined();
    expect(initialize.creates).toBeUndefined();
    expect(initialize.routingField).toBeUndefined();
  });

  it('reads the protocol version, and the capabilities and client info (none: {})', () => {
    const { parse } = methodWorld().method('initialize').v2025!;
    expect(
      parse({
        protocolVersion: '2025-11-25',
        capabilities: { elicitation: {} },
        clientInfo: { name: 'client', version: '1' },
      }),
    ).toEqual({
      protocolVersion: '2025-11-25',
      capabilities: { elicitation: {} },
      clientInfo: { name: 'client', version: '1' },
    });
    expect(parse({ protocolVersion: '2025-06-18' })).toEqual({
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: {},
    });
  });

  it.each([
    [{}, 'params.protocolVersion must be a string'],
    [{ protocolVersion: 20251125 }, 'params.protocolVersion must be a string'],
    [{ protocolVersion: '2025-11-25', capabilities: [] }, 'params.capabilities must be an object'],
    [{ protocolVersion: '2025-11-25', clientInfo: 'me' }, 'params.clientInfo must be an object'],
  ])('refuses %j: %s', (params, detail) => {
    const { parse } = methodWorld().method('initialize').v2025!;
    expect(refusalOf(() => parse(params)).toJson()).toEqual({
      code: -32602,
      message: `Invalid params: ${detail}`,
    });
  });

  it('answers the client’s version, the capabilities and the server, and keeps the declaration', async () => {
    const link = new RecordingRequestLink();
    const answer = await call2025(
      methodWorld().method('initialize'),
      {
        protocolVersion: '2025-06-18',
        capabilities: { elicitation: {} },
        clientInfo: { name: 'client', version: '1' },
      },
      aScope2025(alice, link),
    );
    expect(InitializeResultSchema.safeParse(answer).success).toBe(true);
    expect(answer).toEqual({
      protocolVersion: '2025-06-18',
      capabilities: {
        tools: { listChanged: false },
        logging: {},
        tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } },
      },
      serverInfo: { name: 'task-mcp', version: expect.any(String) },
    });
    expect(answer.capabilities).toBe(CAPABILITIES_2025);
    expect(link.declared).toEqual([
      {
        protocolVersion: '2025-06-18',
        capabilities: { elicitation: {} },
        clientInfo: { name: 'client', version: '1' },
      },
    ]);
  });

  it.each(['1999-01-01', '2026-07-28'])(
    'answers a version it does not speak by initialize (%s) with the newest it does',
    async (asked) => {
      const link = new RecordingRequestLink();
      const answer = await call2025(
        methodWorld().method('initialize'),
        { protocolVersion: asked },
        aScope2025(alice, link),
      );
      expect(InitializeResultSchema.safeParse(answer).success).toBe(true);
      expect(answer.protocolVersion).toBe(LATEST_PROTOCOL_VERSION);
      expect(link.declared[0]?.protocolVersion).toBe(LATEST_PROTOCOL_VERSION);
    },
  );

  it('introduces the server as SERVER_INFO says', async () => {
    const { container } = testContainer();
    container.rebind(SERVER_INFO).toConstantValue({ name: 'renamed', version: '9.9.9' });
    const initialize = container.get(MethodTable).get('initialize')!;
    const answer = await call2025(initialize, { protocolVersion: '2025-11-25' }, aScope2025(alice));
    expect(answer.serverInfo).toEqual({ name: 'renamed', version: '9.9.9' });
  });
});
