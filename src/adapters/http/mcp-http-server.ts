import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { messageOf } from '../../application/errors.js';
import type { Logger } from '../../application/ports/logger.js';
import type { HttpAuth } from './http-auth.js';
import { HttpError, sendJson, sendJsonRpcError } from './http-errors.js';
import { assertLoopbackRequest } from './loopback-guard.js';
import type { McpHttpEndpoint } from './mcp-http-endpoint.js';
import { readJsonBody } from './request-body.js';

export const MCP_PATH = '/mcp';

export interface McpHttpServerOptions {
  readonly host: string;
  readonly port: number;
  readonly maxBodyBytes: number;
  /** Refuse requests whose Host or Origin is not loopback (DNS-rebinding defence). */
  readonly loopbackOnly: boolean;
}

/**
 * The HTTP face of the server: /mcp (Streamable HTTP), /health and the protected resource
 * metadata. Every path that is not exempt is authenticated first (an unknown path included, so
 * nothing is revealed without a token), and before any body is read, so a flood without valid
 * tokens costs no parsing.
 */
export class McpHttpServer {
  private readonly server: Server;

  constructor(
    private readonly options: McpHttpServerOptions,
    private readonly endpoint: McpHttpEndpoint,
    private readonly auth: HttpAuth,
    private readonly logger: Logger,
  ) {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => this.fail(res, error));
    });
  }

  /** Starts listening and returns the MCP endpoint's URL (with the real port when port is 0). */
  async listen(): Promise<URL> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const { port } = this.server.address() as AddressInfo;
    const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    return new URL(`http://${host}:${port}${MCP_PATH}`);
  }

  async close(): Promise<void> {
    await this.endpoint.closeAll();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.options.loopbackOnly) assertLoopbackRequest(req);
    const target = req.url ?? '/';
    const queryAt = target.indexOf('?');
    const path = queryAt === -1 ? target : target.slice(0, queryAt);
    if (queryAt !== -1) this.auth.refuseQueryToken(target.slice(queryAt + 1));
    const principal = this.auth.isExempt(path) ? undefined : await this.auth.authenticate(req);

    if (path === '/health') {
      allowOnly(req, 'GET');
      sendJson(res, 200, { status: 'ok' });
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
      throw new HttpError(404, -32601, `Not found: the MCP endpoint is ${MCP_PATH}`);
    }
    const body =
      req.method === 'POST' ? await readJsonBody(req, this.options.maxBodyBytes) : undefined;
    this.auth.authorize(principal, body);
    await this.endpoint.handle(req, res, principal, body);
  }

  private fail(res: ServerResponse, error: unknown): void {
    if (error instanceof HttpError) {
      sendJsonRpcError(res, error);
      return;
    }
    this.logger.error('unexpected error on an HTTP request', {
      error: messageOf(error),
    });
    sendJsonRpcError(res, new HttpError(500, -32603, 'Internal error'));
  }
}

function allowOnly(req: IncomingMessage, method: string): void {
  if (req.method !== method) {
    throw new HttpError(405, -32000, 'Method not allowed', { allow: method });
  }
}
