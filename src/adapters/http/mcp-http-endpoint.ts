import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  DEFAULT_NEGOTIATED_PROTOCOL_VERSION,
  type JSONRPCMessage,
} from '@modelcontextprotocol/sdk/types.js';
import type { AuditLog } from '../../application/ports/audit-log.js';
import type { Clock } from '../../application/ports/clock.js';
import type { Principal } from '../../application/ports/identity-provider.js';
import type { Logger } from '../../application/ports/logger.js';
import { messageOf } from '../../application/shared/errors.js';
import type { McpServerFactory } from '../mcp/mcp-server-factory.js';
import { principalFromExtra, toAuthInfo } from '../mcp/principal-auth-info.js';
import { HttpError } from './http-error.js';
import { HttpMcpTransport } from './http-mcp-transport.js';
import { isInitialize, messagesIn } from './json-rpc-messages.js';
import type { Mcp2026Endpoint } from './mcp-2026-endpoint.js';
import { PROTOCOL_2026, SUPPORTED_VERSIONS } from '../mcp/protocol-2026/wire.js';
import { SessionSlots, type SessionLimits } from './session-slots.js';
import {
  assertPostHeaders,
  assertStreamAccepted,
  protocolVersionOf,
} from './streamable-http-headers.js';

export type HttpMode = 'session' | 'stateless';

interface Connection {
  readonly transport: HttpMcpTransport;
  readonly server: Server;
}

interface Session extends Connection {
  readonly owner: Principal['owner'];
  lastSeenAt: number;
}

const SESSION_NOT_FOUND = new HttpError('SESSION_NOT_FOUND', 'Session not found');
const SESSION_REQUIRED = new HttpError(
  'SESSION_REQUIRED',
  'Bad Request: send initialize first, then the Mcp-Session-Id it returns',
);
const STATELESS_POST_ONLY = new HttpError(
  'METHOD_NOT_ALLOWED',
  'Method not allowed: this server runs stateless, use POST',
  { allow: 'POST' },
);
const SESSION_METHODS_ONLY = new HttpError('METHOD_NOT_ALLOWED', 'Method not allowed', {
  allow: 'GET, POST, DELETE',
});
const INITIALIZED = new HttpError(
  'ALREADY_INITIALIZED',
  'Invalid Request: Server already initialized',
);
const INITIALIZE_ALONE = new HttpError(
  'ALREADY_INITIALIZED',
  'Invalid Request: Only one initialization request is allowed',
);

/**
 * Streamable HTTP for the MCP endpoint, in one of two modes, both on HttpMcpTransport. Stateless:
 * one SDK Server for every POST, nothing kept between them. Session: a Server per Mcp-Session-Id,
 * bound to the owner that opened it; any other owner gets the same 404 as for a session that never
 * existed.
 */
export class McpHttpEndpoint {
  private readonly sessions = new Map<string, Session>();
  private readonly slots: SessionSlots;
  private readonly shared?: Connection;

  constructor(
    private readonly mode: HttpMode,
    private readonly factory: McpServerFactory,
    private readonly logger: Logger,
    private readonly clock: Clock,
    limits: SessionLimits,
    audit: AuditLog,
    /** Serves clients of 2026-07-28 (per-request capabilities, the tasks extension). */
    private readonly protocol2026: Mcp2026Endpoint,
  ) {
    this.slots = new SessionSlots(limits, audit);
    if (mode === 'stateless') this.shared = this.connect(undefined);
  }

  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    principal: Principal,
    body: unknown,
  ): Promise<void> {
    const version = req.headers['mcp-protocol-version'];
    if (typeof version === 'string' && !isServedVersion(version)) {
      this.protocol2026.refuseVersion(res, body, version);
      return;
    }
    if (version === PROTOCOL_2026) {
      // 2026-07-28 has no initialize and no sessions: every request stands alone, in both modes.
      await this.protocol2026.handle(req, res, principal, body);
      return;
    }
    if (this.shared) {
      if (req.method !== 'POST') throw STATELESS_POST_ONLY;
      const posted = checkedPost(req, body);
      if (posted.initializing) assertAlone(posted);
      this.shared.transport.serve(res, posted.messages, posted.batch, toAuthInfo(principal));
      return;
    }
    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = this.sessions.get(sessionId);
      if (!session || session.owner !== principal.owner) throw SESSION_NOT_FOUND;
      session.lastSeenAt = this.clock.now();
      await this.serveSession(session.transport, req, res, principal, body);
      return;
    }
    if (req.method === 'POST') {
      const posted = checkedPost(req, body);
      if (posted.initializing) {
        assertAlone(posted);
        this.openSession(res, principal, posted);
        return;
      }
    }
    throw SESSION_REQUIRED;
  }

  get openSessions(): number {
    return this.sessions.size;
  }

  /** Closes sessions idle for longer than `idleMs`; returns how many. */
  async closeIdleSessions(idleMs: number): Promise<number> {
    const cutoff = this.clock.now() - idleMs;
    const idle = [...this.sessions.values()].filter((session) => session.lastSeenAt < cutoff);
    await Promise.all(idle.map((session) => session.transport.close()));
    return idle.length;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((session) => session.transport.close()));
    await this.shared?.transport.close();
  }

  private async serveSession(
    transport: HttpMcpTransport,
    req: IncomingMessage,
    res: ServerResponse,
    principal: Principal,
    body: unknown,
  ): Promise<void> {
    switch (req.method) {
      case 'POST': {
        const posted = checkedPost(req, body);
        if (posted.initializing) throw INITIALIZED;
        transport.serve(res, posted.messages, posted.batch, toAuthInfo(principal));
        return;
      }
      case 'GET': {
        assertStreamAccepted(req);
        const version = protocolVersionOf(req) ?? DEFAULT_NEGOTIATED_PROTOCOL_VERSION;
        const lastEventId = req.headers['last-event-id'];
        transport.openStream(
          res,
          version,
          typeof lastEventId === 'string' ? lastEventId : undefined,
        );
        return;
      }
      case 'DELETE':
        await transport.close();
        res.writeHead(200).end();
        return;
      default:
        throw SESSION_METHODS_ONLY;
    }
  }

  /** Opens a session for an initialize already checked to come alone. */
  private openSession(res: ServerResponse, principal: Principal, posted: Posted): void {
    const giveBack = this.slots.take(principal.owner);
    const id = randomUUID();
    const connection = this.connect(id);
    connection.transport.onclose = () => {
      this.sessions.delete(id);
      giveBack();
    };
    this.sessions.set(id, { ...connection, owner: principal.owner, lastSeenAt: this.clock.now() });
    this.logger.debug('session opened', { owner: principal.owner });
    connection.transport.serve(res, posted.messages, posted.batch, toAuthInfo(principal));
  }

  /** A Server on a transport of its own; a session's when `sessionId` is set. */
  private connect(sessionId: string | undefined): Connection {
    const transport = new HttpMcpTransport(sessionId);
    const server = this.factory.create({
      principalOf: principalFromExtra,
      statusNotifications: sessionId !== undefined,
      singleClient: sessionId !== undefined,
    });
    server.onerror = (error) =>
      this.logger.debug('MCP protocol error', { error: messageOf(error) });
    // Connecting sets the transport's callbacks at once; only start() is awaited, and ours has
    // nothing to do.
    void server.connect(transport);
    return { transport, server };
  }
}

interface Posted {
  readonly messages: JSONRPCMessage[];
  readonly batch: boolean;
  readonly initializing: boolean;
}

/** A POST's messages, once its headers and their shapes pass; what is done with them is the mode's. */
function checkedPost(req: IncomingMessage, body: unknown): Posted {
  assertPostHeaders(req);
  const { messages, batch } = messagesIn(body);
  return { messages, batch, initializing: messages.some(isInitialize) };
}

function assertAlone(posted: Posted): void {
  if (posted.messages.length > 1) throw INITIALIZE_ALONE;
}

const SERVED_VERSIONS: ReadonlySet<string> = new Set(SUPPORTED_VERSIONS);

function isServedVersion(version: string): boolean {
  return SERVED_VERSIONS.has(version);
}
