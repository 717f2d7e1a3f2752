import {
  DocumentFetchError,
  fetchJsonDocument,
  type Fetch,
} from '../../../src/adapters/identity/json-fetch.js';

const URL_OF_KEYS = new URL('https://idp.example.test/jwks');
const MIB = 1024 * 1024;

/** A fetch that answers every call with what `answer` makes, recording the requests. */
function fakeFetch(answer: () => Response | Promise<Response>) {
  const requests: RequestInit[] = [];
  const fetchFn = (async (_url: URL, init: RequestInit) => {
    requests.push(init);
    return answer();
  }) as Fetch;
  return { fetchFn, requests };
}

const fetchWith = (answer: () => Response | Promise<Response>) =>
  fetchJsonDocument(fakeFetch(answer).fetchFn, URL_OF_KEYS, 1000);

/** A JSON body of `total` bytes (spaces, then a 0) streamed in 64 KiB chunks, no content-length. */
function streamed(total: number): Response {
  const bytes = new Uint8Array(total).fill(0x20);
  bytes[total - 1] = 0x30;
  let offset = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= total) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + 64 * 1024));
      offset += 64 * 1024;
    },
  });
  return new Response(body);
}

describe('fetchJsonDocument', () => {
  it('asks for JSON with a timeout and parses the answer', async () => {
    const { fetchFn, requests } = fakeFetch(() => Response.json({ keys: [] }));
    expect(await fetchJsonDocument(fetchFn, URL_OF_KEYS, 1000)).toEqual({ keys: [] });
    expect(requests[0]!.headers).toEqual({ accept: 'application/json' });
    expect(requests[0]!.signal).toBeInstanceOf(AbortSignal);
  });

  it('refuses an error status, naming the URL and the status only', async () => {
    await expect(fetchWith(() => new Response('secret body', { status: 503 }))).rejects.toThrow(
      new DocumentFetchError('https://idp.example.test/jwks: HTTP 503'),
    );
  });

  it('refuses a body that says it is over 1 MiB without reading it', async () => {
    const answer = () => new Response('{}', { headers: { 'content-length': String(MIB + 1) } });
    await expect(fetchWith(answer)).rejects.toThrow('larger than 1048576 bytes');
  });

  it('stops reading a body that turns out to be over 1 MiB', async () => {
    await expect(fetchWith(() => streamed(MIB + 1))).rejects.toThrow(
      'https://idp.example.test/jwks: larger than 1048576 bytes',
    );
    expect(await fetchWith(() => streamed(MIB))).toBe(0);
  });

  it('refuses a body that is not JSON', async () => {
    await expect(fetchWith(() => new Response('<html>'))).rejects.toThrow(
      'https://idp.example.test/jwks: the response is not JSON',
    );
  });

  it('says how long it waited when the IdP does not answer in time', async () => {
    // What fetch throws when its AbortSignal.timeout fires (a DOMException, an Error in Node).
    const slow = () =>
      Promise.reject(Object.assign(new Error('timed out'), { name: 'TimeoutError' }));
    await expect(fetchWith(slow)).rejects.toThrow(
      'https://idp.example.test/jwks: no answer within 1000 ms',
    );
  });

  it('gives the network failure’s cause rather than a bare "fetch failed"', async () => {
    const down = () =>
      Promise.reject(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') }));
    await expect(fetchWith(down)).rejects.toThrow(
      new DocumentFetchError('https://idp.example.test/jwks: connect ECONNREFUSED'),
    );
  });
});
