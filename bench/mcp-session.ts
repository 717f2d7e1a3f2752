import { request } from 'node:http';
import { exchange } from './http-exchange.js';

const TIMEOUT_MS = 5000;
export const PROTOCOL_VERSION = '2025-11-25';

/** The headers of every POST after initialize. */
export function postHeaders(sessionId?: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': PROTOCOL_VERSION,
    ...(sessionId === undefined ? {} : { 'mcp-session-id': sessionId }),
  };
}

/** Opens an MCP session: initialize, then notifications/initialized. Returns its Mcp-Session-Id. */
export async function openSession(url: URL): Promise<string> {
  const initialize = JSON.stringify({
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: {
      protocolVersion: PROTOCOL_VERSION,
      capabilities: {},
      clientInfo: { name: 'task-mcp-bench', version: '1.0.0' },
    },
  });
  const opened = await exchange(
    url,
    'POST',
    { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    initialize,
    TIMEOUT_MS,
  );
  const sessionId = opened.headers['mcp-session-id'];
  if (opened.status !== 200 || typeof sessionId !== 'string') {
    throw new Error(`initialize: HTTP ${opened.status} ${opened.body.slice(0, 200)}`);
  }
  const initialized = JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' });
  await exchange(url, 'POST', postHeaders(sessionId), initialized, TIMEOUT_MS);
  return sessionId;
}

/** The headers of the session's event stream (GET). */
export function streamHeaders(sessionId: string): Record<string, string> {
  return {
    accept: 'text/event-stream',
    'mcp-session-id': sessionId,
    'mcp-protocol-version': PROTOCOL_VERSION,
  };
}

/**
 * Opens the session's event stream, reads the id of the priming event it starts with (where a
 * client would resume from), and closes it again.
 */
export function primingEventId(url: URL, sessionId: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'GET',
      headers: streamHeaders(sessionId),
      agent: false,
      timeout: TIMEOUT_MS,
    });
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        req.destroy();
        reject(new Error(`GET event stream: HTTP ${res.statusCode}`));
        return;
      }
      res.on('error', () => undefined);
      let text = '';
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        const id = /^id: ?(\S+)$/m.exec(text)?.[1];
        if (id === undefined) return;
        req.destroy();
        resolve(id);
      });
    });
    req.on('timeout', () => req.destroy(new Error('no priming event in time')));
    req.on('error', reject);
    req.end();
  });
}
