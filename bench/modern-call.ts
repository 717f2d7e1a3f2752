import type { Call } from './http-load.js';

/*
 * 2026-07-28 requests as the bench sends them: each stands alone, its routing headers mirroring
 * its body (Mcp-Method, Mcp-Name), and its _meta naming the version and declaring the tasks
 * extension, as a client that runs tools as tasks does.
 */

export const PROTOCOL_2026 = '2026-07-28';

const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';

/** The params field each method's Mcp-Name header mirrors. */
const NAMED_BY: Readonly<Record<string, string>> = {
  'tools/call': 'name',
  'tasks/get': 'taskId',
  'tasks/update': 'taskId',
  'tasks/cancel': 'taskId',
};

const META = {
  'io.modelcontextprotocol/protocolVersion': PROTOCOL_2026,
  'io.modelcontextprotocol/clientCapabilities': { extensions: { [TASKS_EXTENSION]: {} } },
};

/** `method` with `params` as a 2026-07-28 client that declares the tasks extension sends it. */
export function modernCall(method: string, params: Readonly<Record<string, unknown>>): Call {
  const named = NAMED_BY[method];
  return {
    method,
    params: { ...params, _meta: META },
    headers: {
      'mcp-protocol-version': PROTOCOL_2026,
      'mcp-method': method,
      ...(named === undefined ? {} : { 'mcp-name': String(params[named]) }),
    },
  };
}

/**
 * The 2026-07-28 twin of seeding's createParams: a `wait` task that finishes at once. The server
 * directs it (the client asks for no task; the extension makes it one) and keeps it its default
 * ttl.
 */
export const modernCreate: Call = modernCall('tools/call', {
  name: 'wait',
  arguments: { durationMs: 0, steps: 1 },
});
