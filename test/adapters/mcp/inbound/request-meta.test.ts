import { own, readRequestMeta } from '../../../../src/adapters/mcp/inbound/request-meta.js';
import { RpcError } from '../../../../src/adapters/mcp/json-rpc/rpc-error.js';
import {
  META_2026,
  PROTOCOL_2026,
  TASKS_EXTENSION,
} from '../../../../src/adapters/mcp/protocol-versions.js';
import { meta2026 } from '../../../support/inbound.js';

function refusalOf(meta: Readonly<Record<string, unknown>> | undefined) {
  try {
    readRequestMeta(meta);
  } catch (error) {
    if (!(error instanceof RpcError)) throw error;
    return { ...error.toJson(), malformed: error.malformed };
  }
  throw new Error('the meta was accepted');
}

describe('readRequestMeta', () => {
  it('reads the protocol version and capabilities every 2026-07-28 request carries', () => {
    const capabilities = { elicitation: {}, extensions: { [TASKS_EXTENSION]: {} } };
    expect(readRequestMeta(meta2026(capabilities, { clientInfo: { name: 'c' } }))).toEqual({
      protocolVersion: PROTOCOL_2026,
      capabilities,
      declaresTasks: true,
      elicits: true,
    });
  });

  it('says the client takes tasks only when it declares the extension as an object', () => {
    const declares = (capabilities: Record<string, unknown>): boolean =>
      readRequestMeta(meta2026(capabilities)).declaresTasks;
    expect(declares({})).toBe(false);
    expect(declares({ extensions: {} })).toBe(false);
    expect(declares({ extensions: { [TASKS_EXTENSION]: true } })).toBe(false);
    expect(declares({ extensions: { 'io.modelcontextprotocol/other': {} } })).toBe(false);
    expect(declares({ extensions: [] })).toBe(false);
    expect(declares({ extensions: { [TASKS_EXTENSION]: {} } })).toBe(true);
  });

  it('says the client answers questions when it declares elicitation at all', () => {
    expect(readRequestMeta(meta2026({})).elicits).toBe(false);
    expect(readRequestMeta(meta2026({ elicitation: {} })).elicits).toBe(true);
    expect(readRequestMeta(meta2026({ elicitation: { form: {} } })).elicits).toBe(true);
  });

  it('refuses a request without _meta as malformed -32602', () => {
    expect(refusalOf(undefined)).toEqual({
      code: -32602,
      message: 'Invalid params: params._meta is required',
      malformed: true,
    });
  });

  it('refuses a _meta without a string protocol version as malformed -32602', () => {
    const expected = {
      code: -32602,
      message: `Invalid params: params._meta["${META_2026.protocolVersion}"] must be a string`,
      malformed: true,
    };
    expect(refusalOf({ [META_2026.clientCapabilities]: {} })).toEqual(expected);
    expect(
      refusalOf({ [META_2026.protocolVersion]: 20260728, [META_2026.clientCapabilities]: {} }),
    ).toEqual(expected);
  });

  it('refuses a _meta without capabilities as an object as malformed -32602', () => {
    const expected = {
      code: -32602,
      message: `Invalid params: params._meta["${META_2026.clientCapabilities}"] must be an object`,
      malformed: true,
    };
    expect(refusalOf({ [META_2026.protocolVersion]: PROTOCOL_2026 })).toEqual(expected);
    for (const capabilities of [null, [], 'all']) {
      expect(
        refusalOf({
          [META_2026.protocolVersion]: PROTOCOL_2026,
          [META_2026.clientCapabilities]: capabilities,
        }),
      ).toEqual(expected);
    }
  });

  it('takes the version as sent: whether it is served is for the header check', () => {
    const meta = { ...meta2026(), [META_2026.protocolVersion]: '1999-01-01' };
    expect(readRequestMeta(meta).protocolVersion).toBe('1999-01-01');
  });

  it('reads only what the client sent, never what an object inherits', () => {
    const inherited = Object.create(meta2026({ elicitation: {} })) as Record<string, unknown>;
    expect(refusalOf(inherited).message).toBe(
      `Invalid params: params._meta["${META_2026.protocolVersion}"] must be a string`,
    );
  });
});

describe('own', () => {
  it("reads an object's own member, and nothing it inherits", () => {
    const object = JSON.parse('{"name":"n","__proto__":{"x":1}}') as Record<string, unknown>;
    expect(own(object, 'name')).toBe('n');
    expect(own(object, '__proto__')).toEqual({ x: 1 });
    expect(own(object, 'toString')).toBeUndefined();
    expect(own(object, 'constructor')).toBeUndefined();
    expect(own(Object.create({ inherited: 1 }) as Record<string, unknown>, 'inherited')).toBe(
      undefined,
    );
  });
});
