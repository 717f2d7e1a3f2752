import { HttpError } from '../http-error.js';
import type { Route } from '../routes.js';
import type { HttpMode, StreamableEndpoint } from './streamable-endpoint.js';

/** Where the MCP endpoint is served. */
export const MCP_PATH = '/mcp';

/** The MCP endpoint's route: Streamable HTTP, for an authenticated caller only. */
export function mcpRoute(endpoint: StreamableEndpoint, path: string, mode: HttpMode): Route {
  return {
    path,
    methods: mode === 'stateless' ? ['POST'] : ['GET', 'POST', 'DELETE'],
    ...(mode === 'stateless'
      ? { methodRefusal: 'Method not allowed: this server runs stateless, use POST' }
      : {}),
    auth: 'oauth',
    rateExempt: false,
    spendsRequest: true,
    handle: async ({ req, res, principal, spent }) => {
      // Configuration refuses exempting the MCP path; should it be, MCP still needs a caller.
      if (!principal) throw new HttpError('NOT_FOUND', `Not found: the MCP endpoint is ${path}`);
      await endpoint.handle(req, res, principal, spent);
    },
  };
}
