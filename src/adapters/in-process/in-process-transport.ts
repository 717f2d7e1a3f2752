import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { inject, injectable } from 'inversify';
import type { Principal } from '../../application/ports/identity-provider.js';
import { TextConnections, type TextConnection } from '../mcp/link/text-connection.js';

/**
 * An SDK client's Transport to this server inside the same process, as `principal`: the messages
 * take the path stdio's take (read, classified, admitted, dispatched), without a process or a
 * socket. For tests, and for hosts that embed the server.
 */
export class InProcessTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  private connection?: TextConnection;
  private closed = false;

  constructor(
    private readonly connections: TextConnections,
    private readonly principal: Principal,
  ) {}

  start(): Promise<void> {
    this.connection = this.connections.open(this.principal, (message) => {
      // A copy, as a wire would make: neither side shares objects with the other.
      const copy = JSON.parse(JSON.stringify(message)) as JSONRPCMessage;
      queueMicrotask(() => this.onmessage?.(copy));
    });
    this.connection.onClose(() => void this.close());
    return Promise.resolve();
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (!this.connection || this.closed) throw new Error('Not connected');
    await this.connection.receive(Buffer.from(JSON.stringify(message)));
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.connection?.close();
    this.onclose?.();
    return Promise.resolve();
  }
}

/** Makes in-process transports, each a connection of its own for the principal it is given. */
@injectable()
export class InProcessClients {
  constructor(@inject(TextConnections) private readonly connections: TextConnections) {}

  transportFor(principal: Principal): InProcessTransport {
    return new InProcessTransport(this.connections, principal);
  }
}
