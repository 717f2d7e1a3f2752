/**
 * 2026-07-28 tools/call requests posted raw, as a client without the tasks extension that declared
 * elicitation sends them, for the multi round-trip of inline runs.
 */

/** A JSON value off the wire; tests read it by path and assert on what they find. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Wire = any;

export interface RawAnswer {
  readonly status: number;
  /** The body exactly as sent, for comparing refusals byte for byte. */
  readonly text: string;
  readonly body: Wire;
}

export interface InlineCallOptions {
  /** The x-test-owner header, for servers that take the owner from it. */
  readonly owner?: string;
  /** The JSON-RPC id; the same one for several calls makes their answers comparable as bytes. */
  readonly id?: number;
  /** Whether the client declares elicitation (default: it does). */
  readonly elicitation?: boolean;
}

let nextId = 1;

/** POSTs one 2026-07-28 tools/call with `params`, headers mirroring the body. */
export async function postInlineCall(
  url: URL,
  params: Record<string, unknown>,
  options: InlineCallOptions = {},
): Promise<RawAnswer> {
  const id = options.id ?? nextId++;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2026-07-28',
    'mcp-method': 'tools/call',
    'mcp-name': String(params.name),
    ...(options.owner ? { 'x-test-owner': options.owner } : {}),
  };
  const capabilities = options.elicitation === false ? {} : { elicitation: {} };
  const meta = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientCapabilities': capabilities,
  };
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: { ...params, _meta: meta },
    }),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as Wire };
}

/** The params of the call that answers `asked` (an InputRequiredResult) with `answer`. */
export function answering(
  name: string,
  asked: Wire,
  answer: Record<string, unknown>,
  args: Record<string, unknown> = {},
): Record<string, unknown> {
  const [key] = Object.keys(asked.inputRequests as object);
  return {
    name,
    arguments: args,
    requestState: asked.requestState,
    inputResponses: { [key!]: answer },
  };
}

/** A guess_number answer. */
export const guessing = (guess: number) => ({ action: 'accept', content: { guess } });
