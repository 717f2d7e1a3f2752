import type { IncomingMessage } from 'node:http';
import { HttpError } from '../http-error.js';

/*
 * What Streamable HTTP asks of a request's headers, checked before its messages are looked at.
 * The codes and wording are the SDK transport's, so clients see the same refusals as before.
 */

const NOT_ACCEPTABLE_POST = new HttpError(
  'NOT_ACCEPTABLE',
  'Not Acceptable: Client must accept both application/json and text/event-stream',
);
const NOT_ACCEPTABLE_GET = new HttpError(
  'NOT_ACCEPTABLE',
  'Not Acceptable: Client must accept text/event-stream',
);
const NOT_JSON = new HttpError(
  'UNSUPPORTED_MEDIA_TYPE',
  'Unsupported Media Type: Content-Type must be application/json',
);

/** A POST must accept both answer forms and carry JSON. */
export function assertPostHeaders(req: IncomingMessage): void {
  const accept = req.headers.accept;
  if (!accept?.includes('application/json') || !accept.includes('text/event-stream')) {
    throw NOT_ACCEPTABLE_POST;
  }
  if (!isJson(req.headers['content-type'])) throw NOT_JSON;
}

/** A GET opens an event stream, so it must accept one. */
export function assertStreamAccepted(req: IncomingMessage): void {
  if (!req.headers.accept?.includes('text/event-stream')) throw NOT_ACCEPTABLE_GET;
}

/**
 * The protocol version the client says it speaks, after initialize. Absent, the server assumes the
 * one negotiated (a client of 2025-03-26 sends none). An unknown one never gets this far: the
 * endpoint refuses it first, for every client (-32022).
 */
export function protocolVersionOf(req: IncomingMessage): string | undefined {
  const version = req.headers['mcp-protocol-version'];
  return typeof version === 'string' ? version : undefined;
}

/** The media type alone, parameters aside: `application/json; charset=utf-8` is JSON. */
function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const semicolon = contentType.indexOf(';');
  const essence = semicolon === -1 ? contentType : contentType.slice(0, semicolon);
  return essence.trim().toLowerCase() === 'application/json';
}

const BASE64_SENTINEL = /^=\?base64\?([A-Za-z0-9+/]*={0,2})\?=$/;

/**
 * A header value as the client meant it: plain, or Base64 of UTF-8 between `=?base64?` and `?=`
 * (2026-07-28 Value Encoding); undefined when the sentinel form holds no valid Base64.
 */
export function decodedHeaderValue(value: string): string | undefined {
  if (!value.startsWith('=?base64?')) return value;
  const encoded = BASE64_SENTINEL.exec(value)?.[1];
  if (encoded === undefined || encoded.length % 4 !== 0) return undefined;
  return Buffer.from(encoded, 'base64').toString('utf8');
}

/** What a 2026-07-28 request's routed values are, as its routing headers must mirror them. */
export interface RoutedRequest {
  readonly method: string;
  readonly routingField?: string;
  readonly routed?: unknown;
  readonly metaVersion?: unknown;
}

/**
 * What a 2026-07-28 request's routing headers say that its body does not (SEP-2243), or undefined:
 * Mcp-Method must name the method, Mcp-Name the method's routed field, and MCP-Protocol-Version the
 * version its `_meta` names.
 */
export function routingMismatch(req: IncomingMessage, request: RoutedRequest): string | undefined {
  const method = req.headers['mcp-method'];
  if (method !== request.method) {
    return method === undefined
      ? 'the Mcp-Method header is required'
      : 'the Mcp-Method header does not match the body';
  }
  if (request.routingField !== undefined) {
    const header = req.headers['mcp-name'];
    if (typeof header !== 'string') return `the Mcp-Name header is required for ${request.method}`;
    const named = decodedHeaderValue(header);
    if (named === undefined) return 'the Mcp-Name header holds malformed Base64';
    if (named !== request.routed) {
      return `the Mcp-Name header does not match params.${request.routingField}`;
    }
  }
  if (
    request.metaVersion !== undefined &&
    request.metaVersion !== req.headers['mcp-protocol-version']
  ) {
    return 'the MCP-Protocol-Version header does not match _meta';
  }
  return undefined;
}
