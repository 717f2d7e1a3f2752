import { inject, injectable, optional } from 'inversify';
import {
  IDENTITY_PROVIDER,
  type IdentityProvider,
} from '../application/ports/identity-provider.js';
import { LOGGER, type Logger } from '../application/ports/logger.js';
import { messageOf } from '../application/shared/errors.js';
import { CleanupExpired } from '../application/use-cases/cleanup-expired.js';
import { StreamableEndpoint } from '../adapters/http/streamable/streamable-endpoint.js';
import type { Config } from './config/load-config.js';
import { CONFIG } from './tokens.js';

/**
 * The periodic chores the stores and transports leave to their owner (they keep no timers of
 * their own): deleting expired tasks, closing idle HTTP sessions, logging auth counters.
 */
@injectable()
export class Sweeper {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @inject(CONFIG) private readonly config: Config,
    @inject(CleanupExpired) private readonly cleanup: CleanupExpired,
    @inject(IDENTITY_PROVIDER) private readonly identity: IdentityProvider,
    @inject(LOGGER) private readonly logger: Logger,
    // Bound only for the HTTP transport.
    @inject(StreamableEndpoint) @optional() private readonly endpoint?: StreamableEndpoint,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.sweep(), this.config.TASK_MCP_CLEANUP_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<void> {
    const counters = this.identity.stats?.();
    if (counters) this.logger.debug('authentication counters', counters);
    await Promise.all([
      this.cleanup
        .run()
        .catch((error: unknown) =>
          this.logger.error('cleanup failed', { error: messageOf(error) }),
        ),
      Promise.resolve()
        .then(() => this.endpoint?.closeIdleSessions(this.config.TASK_MCP_SESSION_IDLE_MS))
        .catch((error: unknown) =>
          this.logger.error('closing idle sessions failed', { error: messageOf(error) }),
        ),
    ]);
  }
}
