import { Agent, request } from 'node:http';

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface Target {
  readonly url: URL;
  readonly agent: Agent;
  /** Sent with every call, e.g. an Authorization header. */
  readonly headers: Readonly<Record<string, string>>;
}

/** One call a load sends: a JSON-RPC request, and headers of its own (2026-07-28 routing). */
export interface Call {
  readonly method: string;
  readonly params: unknown;
  /** Sent after, and over, the target's headers and the 2025-11-25 defaults. */
  readonly headers?: Readonly<Record<string, string>>;
}

export function targetFor(
  url: URL,
  concurrency: number,
  headers: Readonly<Record<string, string>> = {},
): Target {
  return { url, agent: new Agent({ keepAlive: true, maxSockets: concurrency }), headers };
}

/** One JSON-RPC call over HTTP; returns the parsed JSON-RPC message (JSON or a one-event SSE body). */
export function call(
  target: Target,
  method: string,
  params: unknown,
  id = 1,
  headers: Readonly<Record<string, string>> = {},
): Promise<Record<string, unknown>> {
  const body = JSON.stringify({ jsonrpc: '2.0', id, method, params });
  return new Promise((resolve, reject) => {
    const req = request(
      target.url,
      {
        method: 'POST',
        agent: target.agent,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-protocol-version': '2025-11-25',
          'content-length': Buffer.byteLength(body),
          ...target.headers,
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve(parseMessage(text));
          } catch (error) {
            reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)} (${String(error)})`));
          }
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function parseMessage(text: string): Record<string, unknown> {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) return JSON.parse(trimmed) as Record<string, unknown>;
  const data = trimmed
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).trim())
    .find((line) => line.startsWith('{'));
  if (!data) throw new Error('no JSON-RPC message in the response');
  return JSON.parse(data) as Record<string, unknown>;
}

/** Keeps `concurrency` calls in flight for `durationMs`; counts results and latencies. */
export async function load(
  target: Target,
  concurrency: number,
  durationMs: number,
  next: (i: number) => Call,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const { method, params, headers } = next(issued++);
      const t0 = performance.now();
      try {
        const message = await call(target, method, params, issued, headers);
        if (!('result' in message)) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const pick = (q: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    errors,
    perSecond: (latencies.length / elapsed) * 1000,
    p50Ms: pick(0.5),
    p99Ms: pick(0.99),
  };
}
