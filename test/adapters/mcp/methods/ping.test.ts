import { EmptyResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { aScope2025, call2025, methodWorld } from '../../../support/mcp-methods.js';
import { aPrincipal } from '../../../support/task-mother.js';

describe('ping', () => {
  it('is a 2025-11-25 method only, asking for no scope and creating nothing', () => {
    const ping = methodWorld().method('ping');
    expect(ping.name).toBe('ping');
    expect(ping.v2026).toBeUndefined();
    expect(ping.operation).toBeUndefined();
    expect(ping.creates).toBeUndefined();
    expect(ping.routingField).toBeUndefined();
  });

  it('answers an empty result, whatever the params', async () => {
    const ping = methodWorld().method('ping');
    const answer = await call2025(ping, { extra: 1 }, aScope2025(aPrincipal()));
    expect(EmptyResultSchema.safeParse(answer).success).toBe(true);
    expect(answer).toEqual({});
  });
});
