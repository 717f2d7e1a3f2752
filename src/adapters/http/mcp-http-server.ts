import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Operation } from '../../application/policy/access-policy.js';
import type { RateLimits } from '../../application/services/rate-limits.js';
import { messageOf, RateLimitedError } from '../../application/shared/errors.js';
import { settlesWithin } from '../../application/shared/settles-within.js';
import type { Logger } from '../../application/ports/logger.js';
import type { HttpAuth } from './http-auth.js';
import { HttpError, sendJson, sendJsonRpcError } from './http-error.js';
import { assertLoopbackRequest } from './loopback-guard.js';
import type { McpHttpEndpoint } from './mcp-http-endpoint.js';
import { isLoopbackHost, urlHost } from '../net/loopback-host.js';
import { requestContext } from '../audit/request-context.js';
import { cameOverTls, clientAddress } from './client-address.js';
import { assertMayScrape } from './metrics-guard.js';
import type { OperationsPages } from './operations-pages.js';
import { rateLimitedRefusal } from './rate-limit-refusal.js';
import { readJsonBody } from './request-body.js';
import { operationsIn } from './rpc-operations.js';

export const MCP_PATH = '/mcp';

/** How long closing waits for session streams to flush what they were sent last. */
const STREAM_FLUSH_MS = 1000;

export interface McpHttpServerOptions {
  readonly host: string;
  readonly port: number;
  readonly maxBodyBytes: number;
  /** Refuse requests whose Host or Origin is not loopback (DNS-rebinding defence). */
  readonly loopbackOnly: boolean;
  /** The longest a request's headers and body may take to arrive; past it Node answers 408. */
  readonly requestTimeoutMs: number;
  /** Take the client's address from X-Forwarded-For (a TLS-terminating proxy in front). */
  readonly trustProxy: boolean;
  /** The bearer /metrics wants; without one, /metrics answers loopback clients only. */
  readonly metricsToken?: string;
  /** Serve HTTPS (TLS 1.2 at least) with these; plain HTTP without. */
  readonly tls?: TlsFiles;
  /**
   * Carry each request's id and client address along its async work, for the audit trail. Off
   * when nothing records them: on Node 20 carrying them puts a hook on every promise.
   */
  readonly carryRequestContext: boolean;
}

export interface TlsFiles {
  /** The certificate chain, PEM. */
  readonly cert: Buffer;
  /** Its private key, PEM. */
  readonly key: Buffer;
}

/** A year: browsers and clients that saw HTTPS here keep to it (RFC 6797). */
const HSTS = 'max-age=31536000';

/** Probes and scrapes: never rate limited by address (a load balancer probes from one). */
const OPERATIONS_PATHS: ReadonlySet<string> = new Set(['/health', '/ready', '/metrics']);

/** How often Node looks for requests past their timeout: a 408 comes at most this late. */
const TIMEOUT_CHECK_MS = 250;

const SHUTTING_DOWN = new HttpError(
  'SHUTTING_DOWN',
  'The server is shutting down; try again once it is back',
  { 'retry-after': '5', connection: 'close' },
);

/**
 * The HTTP face of the server: /mcp (Streamable HTTP), /health and the protected resource
 * metadata. Every path that is not exempt is authenticated first (an unknown path included, so
 * nothing is revealed without a token), and before any body is read, so a flood without valid
 * tokens costs no parsing.
 *
 * It keeps count of the responses it has not finished, so that a shutdown can answer the requests
 * already in flight (a client waiting in tasks/result gets the task's terminal result, not a reset)
 * before it closes the connections. Session streams (GET) are counted apart: they end only when
 * their session is closed.
 */
export class McpHttpServer {
  private readonly server: Server;
  private readonly inFlight = new Set<ServerResponse>();
  private readonly streams = new Set<ServerResponse>();
  private refusing = false;

  constructor(
    private readonly options: McpHttpServerOptions,
    private readonly endpoint: McpHttpEndpoint,
    private readonly auth: HttpAuth,
    private readonly rateLimits: RateLimits,
    private readonly operations: OperationsPages,
    private readonly logger: Logger,
  ) {
    const timeouts = {
      requestTimeout: options.requestTimeoutMs,
      headersTimeout: options.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_MS, options.requestTimeoutMs),
    };
    const serve = (req: IncomingMessage, res: ServerResponse): void => {
      const pending = req.method === 'GET' ? this.streams : this.inFlight;
      pending.add(res);
      res.once('close', () => pending.delete(res));
      if (this.refusing) {
        sendJsonRpcError(res, SHUTTING_DOWN);
        return;
      }
      const context = {
        requestId: randomUUID(),
        clientAddress: clientAddress(req, options.trustProxy),
      };
      res.setHeader('x-request-id', context.requestId);
      if (cameOverTls(req, options.trustProxy)) res.setHeader('strict-transport-security', HSTS);
      const route = () =>
        this.route(req, res, context.clientAddress).catch((error: unknown) =>
          this.fail(res, error),
        );
      if (options.carryRequestContext) requestContext.run(context, route);
      else void route();
    };
    this.server = options.tls
      ? createHttpsServer({ ...timeouts, ...options.tls, minVersion: 'TLSv1.2' }, serve)
      : createServer(timeouts, serve);
  }

  /** Starts listening and returns the MCP endpoint's URL (with the real port when port is 0). */
  async start(): Promise<URL> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const { port } = this.server.address() as AddressInfo;
    this.warnIfExposed();
    const scheme = this.options.tls ? 'https' : 'http';
    return new URL(`${scheme}://${urlHost(this.options.host)}:${port}${MCP_PATH}`);
  }

  /** Bearer tokens must not cross a network in the clear (OAuth 2.1, MCP authorization). */
  private warnIfExposed(): void {
    const { host, tls, trustProxy } = this.options;
    if (this.auth.metadata && !tls && !trustProxy && !isLoopbackHost(host)) {
      this.logger.warn(
        'serving OAuth on a non-loopback address over plain HTTP: bearer tokens cross the network in the clear. Set TASK_MCP_TLS_CERT and TASK_MCP_TLS_KEY, or put a TLS-terminating proxy in front and set TASK_MCP_TRUST_PROXY=true',
        { host },
      );
    }
  }

  /** From now on every new request gets 503; requests already in flight go on. */
  refuseNewRequests(): void {
    this.refusing = true;
  }

  /** Resolves once every request in flight (session streams aside) has been answered. */
  async drain(): Promise<void> {
    await allClosed(this.inFlight);
  }

  /**
   * Closes every session (its stream ends after what it was last sent), then every connection,
   * and stops listening.
   */
  async close(): Promise<void> {
    await this.endpoint.closeAll();
    await settlesWithin(allClosed(this.streams), STREAM_FLUSH_MS);
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse, address: string): Promise<void> {
    if (this.options.loopbackOnly) assertLoopbackRequest(req);
    const target = req.url ?? '/';
    const queryAt = target.indexOf('?');
    const path = queryAt === -1 ? target : target.slice(0, queryAt);
    if (queryAt !== -1) this.auth.refuseQueryToken(target.slice(queryAt + 1));
    if (path === '/metrics') {
      // Scraped with a token of its own (or from loopback), never an OAuth one.
      allowOnly(req, 'GET');
      assertMayScrape(req, this.options.metricsToken);
      const page = await this.operations.metrics();
      res.writeHead(200, { 'content-type': page.contentType }).end(page.text);
      return;
    }
    if (!OPERATIONS_PATHS.has(path)) {
      await this.rateLimits.admitAddress(address);
    }
    const principal = this.auth.isExempt(path) ? undefined : await this.auth.authenticate(req);

    if (path === '/health') {
      allowOnly(req, 'GET');
      sendJson(res, 200, { status: 'ok' });
      return;
    }
    if (path === '/ready') {
      allowOnly(req, 'GET');
      const { ready, checks } = await this.operations.readiness();
      sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
      return;
    }
    const metadata = this.auth.metadata;
    if (metadata?.paths.has(path)) {
      allowOnly(req, 'GET');
      // Browser-based clients read this document cross-origin.
      sendJson(res, 200, metadata.document, { 'access-control-allow-origin': '*' });
      return;
    }
    if (path !== MCP_PATH || !principal) {
      throw new HttpError('NOT_FOUND', `Not found: the MCP endpoint is ${MCP_PATH}`);
    }
    await this.rateLimits.admitRequest(principal);
    const body =
      req.method === 'POST' ? await readJsonBody(req, this.options.maxBodyBytes) : undefined;
    const operations = operationsIn(body);
    this.auth.authorize(principal, operations);
    await this.rateLimits.admitCreates(principal, operations.filter(isCall).length);
    await this.endpoint.handle(req, res, principal, body);
  }

  private fail(res: ServerResponse, error: unknown): void {
    if (error instanceof HttpError) {
      sendJsonRpcError(res, error);
      return;
    }
    if (error instanceof RateLimitedError) {
      sendJsonRpcError(res, rateLimitedRefusal(error));
      return;
    }
    this.logger.error('unexpected error on an HTTP request', {
      error: messageOf(error),
    });
    sendJsonRpcError(res, new HttpError('INTERNAL', 'Internal error'));
  }
}

function isCall(operation: Operation): boolean {
  return operation.kind === 'call';
}

function allowOnly(req: IncomingMessage, method: string): void {
  if (req.method !== method) {
    throw new HttpError('METHOD_NOT_ALLOWED', 'Method not allowed', { allow: method });
  }
}

/** Resolves when every response in `pending` has closed (the set shrinks as they do). */
async function allClosed(pending: Set<ServerResponse>): Promise<void> {
  for (;;) {
    for (const res of pending) if (res.closed) pending.delete(res);
    if (pending.size === 0) return;
    await Promise.all([...pending].map(onceClosed));
  }
}

function onceClosed(res: ServerResponse): Promise<void> {
  return res.closed ? Promise.resolve() : new Promise((resolve) => res.once('close', resolve));
}
