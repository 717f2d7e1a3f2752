import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { AuditLog } from '../../application/ports/audit-log.js';
import type { Clock } from '../../application/ports/clock.js';
import type { Principal } from '../../application/ports/identity-provider.js';
import type { Logger } from '../../application/ports/logger.js';
import type { McpServerFactory } from '../mcp/mcp-server-factory.js';
import { principalFromExtra, toAuthInfo } from '../mcp/principal-auth-info.js';
import { HttpError } from './http-error.js';
import { SessionSlots, type SessionLimits } from './session-slots.js';

export type HttpMode = 'session' | 'stateless';

interface Session {
  readonly transport: StreamableHTTPServerTransport;
  readonly server: Server;
  readonly owner: Principal['owner'];
  lastSeenAt: number;
}

const SESSION_NOT_FOUND = new HttpError('SESSION_NOT_FOUND', 'Session not found');

/**
 * Streamable HTTP for the MCP endpoint, in one of two modes. Stateless: a fresh SDK server and
 * transport per POST, nothing kept. Session: a server per Mcp-Session-Id, bound to the owner that
 * opened it; any other owner gets the same 404 as for a session that never existed.
 */
export class McpHttpEndpoint {
  private readonly sessions = new Map<string, Session>();
  private readonly slots: SessionSlots;

  constructor(
    private readonly mode: HttpMode,
    private readonly factory: McpServerFactory,
    private readonly logger: Logger,
    private readonly clock: Clock,
    limits: SessionLimits,
    audit: AuditLog,
  ) {
    this.slots = new SessionSlots(limits, audit);
  }

  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    principal: Principal,
    body: unknown,
  ): Promise<void> {
    Object.assign(req, { auth: toAuthInfo(principal) });
    if (this.mode === 'stateless') {
      await this.handleStateless(req, res, body);
      return;
    }
    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = this.sessions.get(sessionId);
      if (!session || session.owner !== principal.owner) throw SESSION_NOT_FOUND;
      session.lastSeenAt = this.clock.now();
      await session.transport.handleRequest(req, res, body);
      return;
    }
    if (req.method === 'POST' && isInitializeRequest(body)) {
      await this.openSession(req, res, principal, body);
      return;
    }
    throw new HttpError(
      'SESSION_REQUIRED',
      'Bad Request: send initialize first, then the Mcp-Session-Id it returns',
    );
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
  }

  private async openSession(
    req: IncomingMessage,
    res: ServerResponse,
    principal: Principal,
    body: unknown,
  ): Promise<void> {
    const giveBack = this.slots.take(principal.owner);
    let opened = false;
    try {
      opened = await this.startSession(req, res, principal, body, giveBack);
    } finally {
      // An initialize the SDK refused opened nothing; an open session gives its slot back on close.
      if (!opened) giveBack();
    }
  }

  private async startSession(
    req: IncomingMessage,
    res: ServerResponse,
    principal: Principal,
    body: unknown,
    giveBack: () => void,
  ): Promise<boolean> {
    const server = this.factory.create({
      principalOf: principalFromExtra,
      statusNotifications: true,
    });
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        this.sessions.set(id, {
          transport,
          server,
          owner: principal.owner,
          lastSeenAt: this.clock.now(),
        });
        this.logger.debug('session opened', { owner: principal.owner });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) this.sessions.delete(transport.sessionId);
      giveBack();
      void server.close();
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
    return transport.sessionId !== undefined && this.sessions.has(transport.sessionId);
  }

  private async handleStateless(
    req: IncomingMessage,
    res: ServerResponse,
    body: unknown,
  ): Promise<void> {
    if (req.method !== 'POST') {
      throw new HttpError(
        'METHOD_NOT_ALLOWED',
        'Method not allowed: this server runs stateless, use POST',
        {
          allow: 'POST',
        },
      );
    }
    const server = this.factory.create({
      principalOf: principalFromExtra,
      statusNotifications: false,
    });
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }
}
