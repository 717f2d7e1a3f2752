import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';

/**
 * Reads a request's body as bytes, refusing more than `maxBytes` without buffering the rest; the
 * classify step parses them.
 *
 * Past the limit the rest of the body is read and thrown away, not the socket destroyed: a client
 * still sending would otherwise get a reset instead of the 413 (a chunked body has no
 * Content-Length to refuse up front). The 413 says `Connection: close`, so Node closes the
 * connection once it is written. A body the client abandons, or that the request timeout cuts
 * (Node answers that one 408 itself), ends quietly.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return Promise.reject(tooLarge(maxBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    // Three listeners, none removed: once the body has ended (or failed) the request is done
    // with, and taking listeners off costs more than leaving them to be collected with it.
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      received += chunk.length;
      if (received <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      settled = true;
      reject(tooLarge(maxBytes));
    });
    req.once('end', () => {
      if (settled) return;
      settled = true;
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));
    });
    req.once('error', () => {
      if (settled) return;
      settled = true;
      reject(new HttpError('REQUEST_ABANDONED', 'The request body did not arrive in full'));
    });
  });
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError('BODY_TOO_LARGE', `Request body exceeds the limit of ${maxBytes} bytes`, {
    connection: 'close',
  });
}
