import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import {
  isServedVersion,
  META_2026,
  PROTOCOL_2025,
  PROTOCOL_2026,
  SUPPORTED_VERSIONS,
  TASKS_EXTENSION,
  wireVersionOf,
} from '../../../src/adapters/mcp/protocol-versions.js';

describe('protocol versions', () => {
  it('serves 2026-07-28 first, then every version the SDK speaks, each once', () => {
    expect(PROTOCOL_2026).toBe('2026-07-28');
    expect(PROTOCOL_2025).toBe('2025-11-25');
    expect(SUPPORTED_VERSIONS).toEqual(['2026-07-28', ...SUPPORTED_PROTOCOL_VERSIONS]);
    expect(SUPPORTED_VERSIONS).toContain('2025-11-25');
    expect(new Set(SUPPORTED_VERSIONS).size).toBe(SUPPORTED_VERSIONS.length);
  });

  it('knows a served version by its exact spelling only', () => {
    for (const version of SUPPORTED_VERSIONS) expect(isServedVersion(version)).toBe(true);
    for (const version of [
      '2026-06-30',
      '2025-11-25 ',
      '',
      'toString',
      '__proto__',
      'constructor',
    ]) {
      expect(isServedVersion(version)).toBe(false);
    }
  });

  it('answers 2026-07-28 as itself and every other served version as 2025-11-25', () => {
    expect(wireVersionOf('2026-07-28')).toBe('2026-07-28');
    for (const version of SUPPORTED_PROTOCOL_VERSIONS) {
      expect(wireVersionOf(version)).toBe('2025-11-25');
    }
  });

  it('names the 2026-07-28 _meta keys and the tasks extension as the specification does', () => {
    expect(META_2026).toEqual({
      protocolVersion: 'io.modelcontextprotocol/protocolVersion',
      clientCapabilities: 'io.modelcontextprotocol/clientCapabilities',
      serverInfo: 'io.modelcontextprotocol/serverInfo',
      subscriptionId: 'io.modelcontextprotocol/subscriptionId',
    });
    expect(TASKS_EXTENSION).toBe('io.modelcontextprotocol/tasks');
  });
});
