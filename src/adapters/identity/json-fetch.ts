/** Responses larger than this are not key sets or metadata any IdP publishes; refuse them. */
const MAX_DOCUMENT_BYTES = 1024 * 1024;

export type Fetch = typeof fetch;

/** A failed fetch of an IdP document, phrased for the operator's log (no response bodies). */
export class DocumentFetchError extends Error {}

/**
 * GETs a small JSON document with a hard timeout over the whole exchange (headers and body) and a
 * size cap, so a slow or hostile endpoint cannot hold requests or memory.
 */
export async function fetchJsonDocument(
  fetchFn: Fetch,
  url: URL,
  timeoutMs: number,
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetchFn(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new DocumentFetchError(`${url.href}: ${describeFailure(error, timeoutMs)}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new DocumentFetchError(`${url.href}: HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_DOCUMENT_BYTES) {
    await response.body?.cancel();
    throw new DocumentFetchError(`${url.href}: larger than ${MAX_DOCUMENT_BYTES} bytes`);
  }
  let text: string;
  try {
    text = await readCapped(response, MAX_DOCUMENT_BYTES);
  } catch (error) {
    throw new DocumentFetchError(`${url.href}: ${describeFailure(error, timeoutMs)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DocumentFetchError(`${url.href}: the response is not JSON`);
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new Error(`larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs} ms`;
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}
