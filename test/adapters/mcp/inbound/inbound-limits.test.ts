import {
  inboundLimits,
  PROTOTYPE_KEYS,
} from '../../../../src/adapters/mcp/inbound/inbound-limits.js';

describe('inboundLimits', () => {
  it('bounds what the server echoes or logs hardest, and everything else generously', () => {
    expect(inboundLimits(16)).toEqual({
      maxDepth: 64,
      maxKeysPerObject: 1000,
      maxIdLength: 256,
      maxMethodLength: 128,
      maxProgressTokenLength: 256,
      maxCursorLength: 1024,
      maxQuestionKeyLength: 128,
      maxRequestStateLength: 64 * 1024,
      maxMetaChars: 16 * 1024,
      maxBatchSize: 100,
    });
  });

  it("leaves room for a task's arguments at their own depth limit inside the envelope", () => {
    expect(inboundLimits(56).maxDepth).toBe(64);
    expect(inboundLimits(57).maxDepth).toBe(65);
    expect(inboundLimits(100).maxDepth).toBe(108);
  });
});

describe('PROTOTYPE_KEYS', () => {
  it("names JavaScript's object machinery, and only that", () => {
    expect([...PROTOTYPE_KEYS].sort()).toEqual(['__proto__', 'constructor', 'prototype']);
    expect(PROTOTYPE_KEYS.has('toString')).toBe(false);
    expect(PROTOTYPE_KEYS.has('Constructor')).toBe(false);
  });
});
