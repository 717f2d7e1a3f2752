import type { Container } from 'inversify';
import { RATE_LIMITER } from '../../application/ports/rate-limiter.js';
import {
  BUDGET_SIZES,
  FlexibleRateLimiter,
  LIMITER_FACTORY,
  type BudgetSizes,
} from '../../adapters/rate-limits/flexible-rate-limiter.js';
import { memoryLimiters, postgresLimiters } from '../../adapters/rate-limits/limiter-factories.js';
import { DATABASE_POOL } from '../../adapters/persistence/postgres/database-pool.js';
import type { Config } from '../config/load-config.js';
import { TEAM_RATE_DEFAULTS } from '../config/operations-settings.js';

type RateSetting = keyof typeof TEAM_RATE_DEFAULTS;

/** A rate setting's value: as set, else the team default with authentication, else off (0). */
export function rateSetting(config: Config, name: RateSetting): number {
  const authenticated = config.TASK_MCP_AUTH_ISSUER !== undefined;
  return config[name] ?? (authenticated ? TEAM_RATE_DEFAULTS[name] : 0);
}

/** The budgets that are on, sized from the TASK_MCP_RATE_* settings; 0 turns one off. */
export function budgetSizesFrom(config: Config): BudgetSizes {
  const perSecond = rateSetting(config, 'TASK_MCP_RATE_REQUESTS_PER_SECOND');
  const burst = rateSetting(config, 'TASK_MCP_RATE_BURST');
  const creates = rateSetting(config, 'TASK_MCP_RATE_CREATES_PER_MINUTE');
  const address = rateSetting(config, 'TASK_MCP_RATE_IP_PER_SECOND');
  return {
    ...(perSecond > 0 ? { requests: { points: perSecond, durationS: 1, burst } } : {}),
    ...(creates > 0 ? { creates: { points: creates, durationS: 60 } } : {}),
    ...(address > 0 ? { address: { points: address, durationS: 1 } } : {}),
  };
}

/** Rate limits in memory, or with the PostgreSQL store shared by replicas through the database. */
export function bindRateLimits(container: Container, config: Config): void {
  container.bind(BUDGET_SIZES).toConstantValue(budgetSizesFrom(config));
  if (config.TASK_MCP_STORE === 'postgres') {
    container.bind(LIMITER_FACTORY).toResolvedValue(postgresLimiters, [DATABASE_POOL]);
  } else {
    container.bind(LIMITER_FACTORY).toConstantValue(memoryLimiters);
  }
  container.bind(RATE_LIMITER).to(FlexibleRateLimiter);
}
