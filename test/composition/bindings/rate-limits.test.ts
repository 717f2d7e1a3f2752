import { budgetSizesFrom } from '../../../src/composition/bindings/rate-limits.js';
import { loadConfig } from '../../../src/composition/config/load-config.js';

const OAUTH = {
  TASK_MCP_AUTH_ISSUER: 'https://issuer.example.test',
  TASK_MCP_AUTH_AUDIENCE: 'https://mcp.example.test/mcp',
};

describe('rate-limit budgets from the settings', () => {
  it('has team defaults with authentication', () => {
    expect(budgetSizesFrom(loadConfig(OAUTH))).toEqual({
      requests: { points: 50, durationS: 1, burst: 100 },
      creates: { points: 300, durationS: 60 },
      address: { points: 500, durationS: 1 },
    });
  });

  it('is off in anonymous mode unless set', () => {
    expect(budgetSizesFrom(loadConfig({}))).toEqual({});
    expect(budgetSizesFrom(loadConfig({ TASK_MCP_RATE_CREATES_PER_MINUTE: '7' }))).toEqual({
      creates: { points: 7, durationS: 60 },
    });
  });

  it('turns a budget off with 0, and keeps the others', () => {
    const sizes = budgetSizesFrom(
      loadConfig({ ...OAUTH, TASK_MCP_RATE_IP_PER_SECOND: '0', TASK_MCP_RATE_BURST: '0' }),
    );
    expect(sizes).toEqual({
      requests: { points: 50, durationS: 1, burst: 0 },
      creates: { points: 300, durationS: 60 },
    });
  });

  it('refuses a negative or fractional budget with one clear line', () => {
    expect(() => loadConfig({ TASK_MCP_RATE_BURST: '-1' })).toThrow(
      'TASK_MCP_RATE_BURST: invalid value "-1", expected a whole number from 0 to 1000000',
    );
  });
});
