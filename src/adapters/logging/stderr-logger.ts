import { inject, injectable } from 'inversify';
import type { LogFields, Logger } from '../../application/ports/logger.js';
import { boundedFields, clipForLog } from './bounded-fields.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** The least severe level the log writes (LogLevel, TASK_MCP_LOG_LEVEL). */
export const LOG_LEVEL = Symbol('LogLevel');

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/** One JSON object per line on stderr: stdout belongs to the stdio transport. */
@injectable()
export class StderrLogger implements Logger {
  private readonly threshold: number;

  constructor(
    @inject(LOG_LEVEL) level: LogLevel,
    private readonly write: (line: string) => void = defaultWrite,
  ) {
    this.threshold = RANK[level];
  }

  debug(message: string, fields?: LogFields): void {
    this.log('debug', message, fields);
  }

  info(message: string, fields?: LogFields): void {
    this.log('info', message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.log('warn', message, fields);
  }

  error(message: string, fields?: LogFields): void {
    this.log('error', message, fields);
  }

  flush(): Promise<void> {
    return new Promise((resolve) => process.stderr.write('', () => resolve()));
  }

  private log(level: Exclude<LogLevel, 'silent'>, message: string, fields?: LogFields): void {
    if (RANK[level] < this.threshold) return;
    this.write(
      `${JSON.stringify({ time: new Date().toISOString(), level, message: clipForLog(message), ...boundedFields(fields) })}\n`,
    );
  }
}

function defaultWrite(line: string): void {
  process.stderr.write(line);
}
