import { LoggingLevelSchema } from '@modelcontextprotocol/sdk/types.js';
import { injectable } from 'inversify';
import { invalidParams } from '../json-rpc/error-table.js';
import type { McpMethod, MethodVersion, RawParams, Scope2025 } from './mcp-method.js';
import { requiredString } from './param-readers.js';

const LEVELS: ReadonlySet<string> = new Set(LoggingLevelSchema.options);

/**
 * logging/setLevel (2025-11-25): kept per connection, as the capability promises; the server's
 * tools send no log messages, so nothing goes out at any level.
 */
@injectable()
export class LoggingSetLevel implements McpMethod {
  readonly name = 'logging/setLevel';
  readonly v2025: MethodVersion<string, Scope2025> = {
    parse: readLevel,
    serve(level, { link }) {
      link.setLogLevel(level);
      return Promise.resolve({});
    },
  };
}

function readLevel(params: RawParams): string {
  const level = requiredString(params, 'level');
  if (!LEVELS.has(level))
    throw invalidParams(`params.level must be one of ${[...LEVELS].join(', ')}`);
  return level;
}
