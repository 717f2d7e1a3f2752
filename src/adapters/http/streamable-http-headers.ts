import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';

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
