import { RequestIds } from './request-ids.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { inject, injectable, multiInject } from 'inversify';
import { LOGGER, type Logger } from '../../application/ports/logger.js';
import { RateLimits } from '../../application/services/rate-limits.js';
import { messageOf, RateLimitedError } from '../../application/shared/errors.js';
import { settlesWithin } from '../../application/shared/settles-within.js';
import { requestContext } from '../audit/request-context.js';
import { isLoopbackHost, urlHost } from '../net/loopback-host.js';
import { BearerAuth } from './bearer/bearer-auth.js';
import { cameOverTls, clientAddress } from './client-address.js';
import { HttpError } from './http-error.js';
import { sendHttpError } from './http-writer.js';
import { assertLoopbackRequest } from './loopback-guard.js';
import { rateLimitedRefusal } from './rate-limit-refusal.js';
import { ROUTES, type Route } from './routes.js';
import { StreamableEndpoint } from './streamable/streamable-endpoint.js';

export interface HttpServerSettings {
  readonly host: string;
  readonly port: number;
  /** The path of the MCP endpoint, for the URL the server reports. */
  readonly mcpPath: string;
  /** Refuse requests whose Host or Origin is not loopback (DNS-rebinding defence). */
  readonly loopbackOnly: boolean;
  /** The longest a request's headers and body may take to arrive; past it Node answers 408. */
  readonly requestTimeoutMs: number;
  /** Take the client's address from X-Forwarded-For (a TLS-terminating proxy in front). */
  readonly trustProxy: boolean;
  /** Serve HTTPS (TLS 1.2 at least) with these; plain HTTP without. */
  readonly tls?: TlsFiles;
  /**
   * Carry each request's id and client address along its async work, for the audit trail. Off
   * when nothing records them: on Node 20 carrying them puts a hook on every promise.
   */
  readonly carryRequestContext: boolean;
}

export const HTTP_SERVER_SETTINGS = Symbol('HttpServerSettings');

export interface TlsFiles {
  /** The certificate chain, PEM. */
  readonly cert: Buffer;
  /** Its private key, PEM. */
  readonly key: Buffer;
}

/** The route for paths no other route serves. */
export const FALLBACK_ROUTE = Symbol('FallbackRoute');

/** How long closing waits for session streams to flush what they were sent last. */
const STREAM_FLUSH_MS = 1000;
/** A year: browsers and clients that saw HTTPS here keep to it (RFC 6797). */
const HSTS = 'max-age=31536000';
/** How often Node looks for requests past their timeout: a 408 comes at most this late. */
const TIMEOUT_CHECK_MS = 250;

const SHUTTING_DOWN = new HttpError(
  'SHUTTING_DOWN',
  'The server is shutting down; try again once it is back',
  { 'retry-after': '5', connection: 'close' },
);

/**
 * The HTTP face of the server, serving a route table: the MCP endpoint, the operations pages and
 * the protected resource metadata. Every route goes through the same steps (see Route); a path
 * no route serves is authenticated first too, so nothing is revealed without a token, and before
 * any body is read, so a flood without valid tokens costs no parsing.
 *
 * It keeps count of the responses it has not finished, so that a shutdown can answer the requests
 * already in flight (a client waiting in tasks/result gets the task's terminal result, not a reset)
 * before it closes the connections. Session streams (GET) are counted apart: they end only when
 * their session is closed.
 */
@injectable()
export class HttpServer {
  private readonly server: Server;
  private readonly routes = new Map<string, Route>();
  private readonly inFlight = new Set<ServerResponse>();
  private readonly streams = new Set<ServerResponse>();
  private refusing = false;
  private readonly requestIds = new RequestIds();

  constructor(
    @inject(HTTP_SERVER_SETTINGS) private readonly settings: HttpServerSettings,
    @multiInject(ROUTES) routeLists: Route[][],
    @inject(FALLBACK_ROUTE) private readonly fallback: Route,
    @inject(BearerAuth) private readonly bearer: BearerAuth,
    @inject(RateLimits) private readonly rateLimits: RateLimits,
    @inject(StreamableEndpoint) private readonly endpoint: StreamableEndpoint,
    @inject(LOGGER) private readonly logger: Logger,
  ) {
    for (const route of routeLists.flat()) this.routes.set(route.path, route);
    const timeouts = {
      requestTimeout: settings.requestTimeoutMs,
      headersTimeout: settings.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_MS, settings.requestTimeoutMs),
    };
    const serve = (req: IncomingMessage, res: ServerResponse): void => this.serve(req, res);
    this.server = settings.tls
      ? createHttpsServer({ ...timeouts, ...settings.tls, minVersion: 'TLSv1.2' }, serve)
      : createServer(timeouts, serve);
  }

  /** Starts listening and returns the MCP endpoint's URL (with the real port when port is 0). */
  async start(): Promise<URL> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.settings.port, this.settings.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const { port } = this.server.address() as AddressInfo;
    this.warnIfExposed();
    const scheme = this.settings.tls ? 'https' : 'http';
    return new URL(`${scheme}://${urlHost(this.settings.host)}:${port}${this.settings.mcpPath}`);
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
    this.endpoint.closeAll();
    await settlesWithin(allClosed(this.streams), STREAM_FLUSH_MS);
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** Bearer tokens must not cross a network in the clear (OAuth 2.1, MCP authorization). */
  private warnIfExposed(): void {
    const { host, tls, trustProxy } = this.settings;
    if (this.bearer.metadata && !tls && !trustProxy && !isLoopbackHost(host)) {
      this.logger.warn(
        'serving OAuth on a non-loopback address over plain HTTP: bearer tokens cross the network in the clear. Set TASK_MCP_TLS_CERT and TASK_MCP_TLS_KEY, or put a TLS-terminating proxy in front and set TASK_MCP_TRUST_PROXY=true',
        { host },
      );
    }
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    this.track(req.method === 'GET' ? this.streams : this.inFlight, res);
    if (this.refusing) {
      sendHttpError(res, SHUTTING_DOWN);
      return;
    }
    const context = {
      requestId: this.requestIds.next(),
      clientAddress: clientAddress(req, this.settings.trustProxy),
    };
    res.setHeader('x-request-id', context.requestId);
    if (cameOverTls(req, this.settings.trustProxy))
      res.setHeader('strict-transport-security', HSTS);
    const route = (): Promise<void> =>
      this.route(req, res, context.clientAddress).catch((error: unknown) => this.fail(res, error));
    if (this.settings.carryRequestContext) void requestContext.run(context, route);
    else void route();
  }

  /**
   * Keeps `res` until it closes, for drain and close; no longer, since a response kept past its
   * request keeps its whole request alive for the garbage collector to copy around.
   */
  private track(pending: Set<ServerResponse>, res: ServerResponse): void {
    pending.add(res);
    res.once('close', pending === this.streams ? this.forgetStream : this.forgetRequest);
  }

  // One listener function each, shared by every response (Node calls it with the response as
  // `this`): none is made per request.
  private readonly forgetRequest = forgetting(this.inFlight);
  private readonly forgetStream = forgetting(this.streams);

  private async route(req: IncomingMessage, res: ServerResponse, address: string): Promise<void> {
    if (this.settings.loopbackOnly) assertLoopbackRequest(req);
    const target = req.url ?? '/';
    const queryAt = target.indexOf('?');
    const path = queryAt === -1 ? target : target.slice(0, queryAt);
    if (queryAt !== -1) this.bearer.refuseQueryToken(target.slice(queryAt + 1));
    const route = this.routes.get(path) ?? this.fallback;
    // Budgets that are off (anonymous mode) are not waited on at all.
    if (!route.rateExempt && this.rateLimits.isCounting('address')) {
      await this.rateLimits.admitAddress(address);
    }
    const principal =
      route.auth === 'oauth' && !this.bearer.isExempt(path)
        ? (this.bearer.anonymousPrincipal ?? (await this.bearer.authenticate(req)))
        : undefined;
    const spends = route.spendsRequest && principal !== undefined;
    if (spends && this.rateLimits.isCounting('requests')) {
      await this.rateLimits.admitRequest(principal);
    }
    if (route.methods.length > 0 && !route.methods.includes(req.method ?? '')) {
      throw new HttpError('METHOD_NOT_ALLOWED', route.methodRefusal ?? 'Method not allowed', {
        allow: route.methods.join(', '),
      });
    }
    await route.handle({
      req,
      res,
      path,
      ...(principal ? { principal } : {}),
      spent: spends ? 1 : 0,
    });
  }

  private fail(res: ServerResponse, error: unknown): void {
    if (error instanceof HttpError) {
      sendHttpError(res, error);
      return;
    }
    if (error instanceof RateLimitedError) {
      sendHttpError(res, rateLimitedRefusal(error));
      return;
    }
    this.logger.error('unexpected error on an HTTP request', { error: messageOf(error) });
    sendHttpError(res, new HttpError('INTERNAL', 'Internal error'));
  }
}

function forgetting(pending: Set<ServerResponse>): (this: ServerResponse) => void {
  return function forget(this: ServerResponse): void {
    pending.delete(this);
  };
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
