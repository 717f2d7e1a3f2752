import { injectable } from 'inversify';
import type { McpMethod, MethodVersion, Scope2025 } from './mcp-method.js';

const EMPTY = Object.freeze({});

/** ping (2025-11-25 and earlier): an empty result, at once. 2026-07-28 has none. */
@injectable()
export class Ping implements McpMethod {
  readonly name = 'ping';
  readonly v2025: MethodVersion<undefined, Scope2025> = {
    parse: () => undefined,
    serve: () => Promise.resolve(EMPTY),
  };
}
