import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthenticationError, messageOf } from '../../application/errors.js';
import type { IdentityProvider, Principal } from '../../application/ports/identity-provider.js';
import type { Logger } from '../../application/ports/logger.js';
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
 * The HTTP face of the server: /mcp (Streamable HTTP) and /health. Each /mcp request is
 * authenticated before its body is read, so an anonymous flood costs no parsing.
 */
export class McpHttpServer {
  private readonly server: Server;

  constructor(
    private readonly options: McpHttpServerOptions,
    private readonly endpoint: McpHttpEndpoint,
    private readonly identity: IdentityProvider,
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
    const path = (req.url ?? '/').split('?', 1)[0];
    if (path === '/health') {
      if (req.method !== 'GET')
        throw new HttpError(405, -32000, 'Method not allowed', { allow: 'GET' });
      sendJson(res, 200, { status: 'ok' });
      return;
    }
    if (path !== MCP_PATH)
      throw new HttpError(404, -32601, `Not found: the MCP endpoint is ${MCP_PATH}`);
    const principal = await this.authenticate(req);
    const body =
      req.method === 'POST' ? await readJsonBody(req, this.options.maxBodyBytes) : undefined;
    await this.endpoint.handle(req, res, principal, body);
  }

  private async authenticate(req: IncomingMessage): Promise<Principal> {
    try {
      return await this.identity.authenticate({
        transport: 'http',
        authorization: req.headers.authorization,
        headers: req.headers,
      });
    } catch (error) {
      if (error instanceof AuthenticationError) {
        throw new HttpError(401, -32001, error.message, { 'www-authenticate': 'Bearer' });
      }
      throw error;
    }
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
