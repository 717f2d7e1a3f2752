import { EmptyResultSchema, LoggingLevelSchema } from '@modelcontextprotocol/sdk/types.js';
import {
  aScope2025,
  call2025,
  methodWorld,
  RecordingRequestLink,
  refusalOf,
} from '../../../support/mcp-methods.js';
import { aPrincipal } from '../../../support/task-mother.js';

describe('logging/setLevel', () => {
  it('is a 2025-11-25 method only, asking for no scope and creating nothing', () => {
    const setLevel = methodWorld().method('logging/setLevel');
    expect(setLevel.name).toBe('logging/setLevel');
    expect(setLevel.v2026).toBeUndefined();
    expect(setLevel.operation).toBeUndefined();
    expect(setLevel.creates).toBeUndefined();
    expect(setLevel.routingField).toBeUndefined();
  });

  it('reads every level MCP defines', () => {
    const { parse } = methodWorld().method('logging/setLevel').v2025!;
    for (const level of LoggingLevelSchema.options) expect(parse({ level })).toBe(level);
  });

  it('refuses a level that is not a string, or not one MCP defines', () => {
    const { parse } = methodWorld().method('logging/setLevel').v2025!;
    expect(refusalOf(() => parse({})).toJson()).toEqual({
      code: -32602,
      message: 'Invalid params: params.level must be a string',
    });
    for (const level of ['verbose', 'DEBUG', 'toString']) {
      expect(refusalOf(() => parse({ level })).toJson()).toEqual({
        code: -32602,
        message:
          'Invalid params: params.level must be one of debug, info, notice, warning, error, critical, alert, emergency',
      });
    }
  });

  it('keeps the level on the connection and answers an empty result', async () => {
    const link = new RecordingRequestLink();
    const answer = await call2025(
      methodWorld().method('logging/setLevel'),
      { level: 'warning' },
      aScope2025(aPrincipal(), link),
    );
    expect(EmptyResultSchema.safeParse(answer).success).toBe(true);
    expect(answer).toEqual({});
    expect(link.logLevels).toEqual(['warning']);
  });
});
