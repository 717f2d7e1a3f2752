import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';

/** What the SDK hands every request handler besides the request: auth info, signal, senders. */
export type HandlerExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;
