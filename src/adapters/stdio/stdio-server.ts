import { inject, injectable } from 'inversify';
import {
  IDENTITY_PROVIDER,
  type IdentityProvider,
} from '../../application/ports/identity-provider.js';
import { LOGGER, type Logger } from '../../application/ports/logger.js';
import { invalidRequest } from '../mcp/json-rpc/error-table.js';
import { errorResponse, type OutboundMessage } from '../mcp/json-rpc/messages.js';
import { TextConnections, type TextConnection } from '../mcp/link/text-connection.js';
import { LineReader, type LineEvent } from './line-reader.js';

export interface StdioSettings {
  /** The longest message line read; a longer one is answered with an error and skipped. */
  readonly maxLineBytes: number;
}

export const STDIO_SETTINGS = Symbol('StdioSettings');

/** The streams stdio serves on; the process's own unless a test gives others. */
export interface StdioStreams {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream & { readonly writableLength?: number };
}

export const STDIO_STREAMS = Symbol('StdioStreams');

/** What the client may leave unread on stdout before the server stops writing to it. */
const MAX_UNREAD_BYTES = 1024 * 1024;

/**
 * MCP over this process's stdin and stdout (newline-delimited JSON-RPC; each request served in the
 * version its _meta names, 2026-07-28, or else 2025-11-25): one client, one principal for its
 * whole life (the anonymous local owner unless an identity provider says otherwise). Lines are served in the order they come. stdout carries only MCP messages; a client
 * that stops reading them is cut off once MAX_UNREAD_BYTES wait, and the connection ends, as it
 * does when the client closes stdin; `onEnded` is then called once.
 */
@injectable()
export class StdioServer {
  private connection?: TextConnection;
  private queue: Promise<void> = Promise.resolve();
  private ended = false;
  private onEnded: () => void = () => undefined;

  constructor(
    @inject(TextConnections) private readonly connections: TextConnections,
    @inject(IDENTITY_PROVIDER) private readonly identity: IdentityProvider,
    @inject(LOGGER) private readonly logger: Logger,
    @inject(STDIO_SETTINGS) private readonly settings: StdioSettings,
    @inject(STDIO_STREAMS) private readonly streams: StdioStreams,
  ) {}

  async start(onEnded: () => void): Promise<undefined> {
    this.onEnded = onEnded;
    const principal = await this.identity.authenticate({ transport: 'stdio', headers: {} });
    const { stdin, stdout } = this.streams;
    // A client that has gone away makes writes fail with EPIPE; unhandled, that error would end
    // the process mid-shutdown. What could not be written has no reader anyway.
    stdout.on('error', (error: Error) =>
      this.logger.debug('stdout closed by the client', { error: error.message }),
    );
    this.connection = this.connections.open(
      principal,
      (message) => this.write(message),
      (id) => ({ requestId: `stdio-${String(id)}`, clientAddress: 'stdio' }),
    );
    const lines = new LineReader(this.settings.maxLineBytes, (event) => this.read(event));
    stdin.on('data', (chunk: Buffer | string) =>
      lines.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)),
    );
    stdin.once('end', () => this.end());
    stdin.once('close', () => this.end());
    return undefined;
  }

  /** New work is refused in-band (the use cases check admission); nothing to do here. */
  refuseNewRequests(): void {}

  /** Resolves once every line read so far has been handed on. */
  async drain(): Promise<void> {
    await this.queue;
  }

  close(): Promise<void> {
    this.connection?.close();
    return Promise.resolve();
  }

  private read(event: LineEvent): void {
    if (this.ended) return;
    if ('tooLong' in event) {
      this.write(
        errorResponse(
          null,
          invalidRequest(`a message line exceeds the limit of ${event.tooLong} bytes`),
        ),
      );
      return;
    }
    const connection = this.connection;
    if (!connection) return;
    this.queue = this.queue
      .then(() => connection.receive(event.line))
      .catch((error: unknown) =>
        this.logger.error('a stdio message could not be served', { error: String(error) }),
      );
  }

  private write(message: OutboundMessage): void {
    const { stdout } = this.streams;
    if (this.ended) return;
    if ((stdout.writableLength ?? 0) > MAX_UNREAD_BYTES) {
      this.logger.error('the client stopped reading stdout; closing the connection', {
        unreadBytes: stdout.writableLength ?? 0,
      });
      this.end();
      return;
    }
    stdout.write(`${JSON.stringify(message)}\n`);
  }

  /** Once: stdin ended, or the client stopped reading. */
  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnded();
  }
}
