import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';

/** Reads and parses a JSON body, refusing more than `maxBytes` without buffering the rest. */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > maxBytes) {
      req.destroy();
      throw tooLarge(maxBytes);
    }
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks, received).toString('utf8')) as unknown;
  } catch {
    throw new HttpError('PARSE_ERROR', 'Parse error: the request body is not valid JSON');
  }
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError('BODY_TOO_LARGE', `Request body exceeds the limit of ${maxBytes} bytes`);
}
