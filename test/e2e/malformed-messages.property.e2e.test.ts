import fc from 'fast-check';
import { startHttpFixture, type HttpFixture } from '../support/http-fixture.js';
import { postRaw, rpcBody } from '../support/rpc.js';

/*
 * Random malformed JSON-RPC thrown at the real server, in both protocol versions and both HTTP
 * modes. Whatever arrives: every message that is owed an answer gets exactly one (under its id
 * when the id could be read, else under null), a well-formed notification gets none, nothing is
 * answered with a 5xx or left hanging, and nothing stored changes.
 */

const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';
const META_2026 = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': { extensions: { [TASKS_EXTENSION]: {} } },
};
const RUNS = 60;
const ANSWER_WITHIN_MS = 10_000;

/** What one message of a body is owed: an answer under this id, under null, or nothing. */
type Owed = { readonly id: string | number } | { readonly id: null } | 'nothing';

interface GeneratedMessage {
  /** The message as JSON text. */
  readonly text: string;
  readonly owed: Owed;
  /** The method it names, for the 2026-07-28 routing header; undefined when it names none. */
  readonly method?: string;
}

const METHODS = [
  'tools/call',
  'tools/list',
  'tasks/get',
  'tasks/result',
  'tasks/list',
  'tasks/cancel',
  'tasks/update',
  'server/discover',
  'initialize',
  'ping',
  'toString',
  'constructor',
  '__proto__',
  'hasOwnProperty',
];

const readableId = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.string({ maxLength: 24 }),
);
const unreadableId = fc.oneof(
  fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
  fc.string({ minLength: 257, maxLength: 300 }),
);
const method = fc.oneof(fc.constantFrom(...METHODS), fc.string({ maxLength: 30 }));
const notAString = fc.oneof(
  fc.integer(),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.boolean(),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
);
const notAnObject = fc.oneof(
  fc.integer(),
  fc.string({ maxLength: 10 }),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.boolean(),
);
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];
const PROTOTYPE_KEY = fc.constantFrom(...PROTOTYPE_KEYS);

/** Whether a value holds, at any depth, a key the server refuses wherever it appears. */
function holdsPrototypeKey(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(
    ([key, item]) => PROTOTYPE_KEYS.includes(key) || holdsPrototypeKey(item),
  );
}

/** Params of random shape, holding nothing refused by itself (the defects bring that). */
const someParams = fc
  .dictionary(
    fc.string({ maxLength: 8 }).filter((key) => key !== '_meta'),
    fc.jsonValue({ maxDepth: 3 }),
    { maxKeys: 4 },
  )
  .filter((params) => !holdsPrototypeKey(params));

/** A placeholder value replaced by raw JSON text once the message is serialized. */
const RAW = '@@raw@@';

/**
 * A way a request is malformed, applied to a well-formed one: each returns the message object
 * and, where JSON.stringify cannot say it (a `__proto__` key, nesting past the limit), raw text
 * to put in the placeholder's place.
 */
type Defect = (message: Record<string, unknown>) => { raw?: string };

const defect: fc.Arbitrary<Defect> = fc.oneof(
  fc
    .oneof(fc.constant('1.0'), fc.integer(), fc.constant(null))
    .map((jsonrpc) => (message: Record<string, unknown>) => ((message.jsonrpc = jsonrpc), {})),
  fc.constant((message: Record<string, unknown>) => (delete message.jsonrpc, {})),
  notAString.map((value) => (message: Record<string, unknown>) => ((message.method = value), {})),
  fc.integer({ min: 129, max: 400 }).map((length) => (message: Record<string, unknown>) => {
    message.method = 'm'.repeat(length);
    return {};
  }),
  notAnObject.map((value) => (message: Record<string, unknown>) => ((message.params = value), {})),
  fc
    .constantFrom('x', 'extra', 'Id')
    .map((key) => (message: Record<string, unknown>) => ((message[key] = 1), {})),
  notAnObject.map((value) => (message: Record<string, unknown>) => {
    paramsOf(message)._meta = value;
    return {};
  }),
  fc
    .oneof(
      fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
      fc.array(fc.integer(), { maxLength: 2 }),
      fc.boolean(),
      fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true }),
      fc.string({ minLength: 257, maxLength: 400 }),
    )
    .map((token) => (message: Record<string, unknown>) => {
      metaOf(message).progressToken = token;
      return {};
    }),
  fc
    .integer({ min: 17 * 1024, max: 20 * 1024 })
    .map((length) => (message: Record<string, unknown>) => {
      metaOf(message).padding = 'p'.repeat(length);
      return {};
    }),
  fc
    .tuple(PROTOTYPE_KEY, fc.jsonValue({ maxDepth: 2 }))
    .map(([key, value]) => (message: Record<string, unknown>) => {
      paramsOf(message).placed = RAW;
      return { raw: `{${JSON.stringify(key)}:${JSON.stringify(value)}}` };
    }),
  fc.integer({ min: 65, max: 3000 }).map((depth) => (message: Record<string, unknown>) => {
    paramsOf(message).placed = RAW;
    return { raw: `${'['.repeat(depth)}${']'.repeat(depth)}` };
  }),
  fc.integer({ min: 1001, max: 1200 }).map((width) => (message: Record<string, unknown>) => {
    paramsOf(message).wide = Object.fromEntries(
      Array.from({ length: width }, (_, i) => [`k${i}`, i]),
    );
    return {};
  }),
  fc.string({ minLength: 1, maxLength: 12 }).map((name) => (message: Record<string, unknown>) => {
    message.method = `x-unknown/${name}`;
    return {};
  }),
);

function paramsOf(message: Record<string, unknown>): Record<string, unknown> {
  if (
    typeof message.params !== 'object' ||
    message.params === null ||
    Array.isArray(message.params)
  ) {
    message.params = {};
  }
  return message.params as Record<string, unknown>;
}

function metaOf(message: Record<string, unknown>): Record<string, unknown> {
  const params = paramsOf(message);
  if (typeof params._meta !== 'object' || params._meta === null || Array.isArray(params._meta)) {
    params._meta = {};
  }
  return params._meta as Record<string, unknown>;
}

function serialize(message: unknown, raw: string | undefined): string {
  const text = JSON.stringify(message);
  // A function, so that `$` in the raw text is not read as a replacement pattern.
  return raw === undefined ? text : text.replace(`"${RAW}"`, () => raw);
}

/** A request, well-formed but for one defect: owed an answer under its id. */
const defectiveRequest = (modern: boolean): fc.Arbitrary<GeneratedMessage> =>
  fc.tuple(readableId, method, someParams, defect).map(([id, name, params, spoil]) => {
    const message: Record<string, unknown> = {
      jsonrpc: '2.0',
      id,
      method: name,
      params: modern ? { ...params, _meta: { ...META_2026 } } : { ...params },
    };
    const { raw } = spoil(message);
    return {
      text: serialize(message, raw),
      owed: { id },
      ...(typeof message.method === 'string' ? { method: message.method } : {}),
    };
  });

/** A request whose id cannot be echoed: owed an answer under null. */
const unreadableIdRequest = fc
  .tuple(unreadableId, method, someParams)
  .map(([id, name, params]): GeneratedMessage => ({
    text: JSON.stringify({ jsonrpc: '2.0', id, method: name, params }),
    owed: { id: null },
    method: name,
  }));

/**
 * Something that is not a message at all: owed an answer under null. (A lone array would be a
 * batch; arrays come as members of one instead.)
 */
const notAMessage = fc
  .oneof(fc.integer(), fc.string({ maxLength: 10 }), fc.constant(null), fc.boolean())
  .map((value): GeneratedMessage => ({ text: JSON.stringify(value), owed: { id: null } }));

/** A notification, well-formed: owed nothing. */
const goodNotification = fc
  .tuple(
    fc.constantFrom('notifications/initialized', 'notifications/x', 'notifications/cancelled'),
    someParams,
  )
  .map(([name, params]): GeneratedMessage => ({
    text: JSON.stringify({ jsonrpc: '2.0', method: name, params }),
    owed: 'nothing',
    method: name,
  }));

/** A notification whose method is not a string: owed an answer under null. */
const badNotification = notAString.map((value): GeneratedMessage => ({
  text: JSON.stringify({ jsonrpc: '2.0', method: value }),
  owed: { id: null },
}));

const anyMessage = (modern: boolean): fc.Arbitrary<GeneratedMessage> =>
  fc.oneof(
    { arbitrary: defectiveRequest(modern), weight: 6 },
    { arbitrary: unreadableIdRequest, weight: 1 },
    { arbitrary: notAMessage, weight: 1 },
    { arbitrary: goodNotification, weight: 1 },
    { arbitrary: badNotification, weight: 1 },
  );

/** A body: one message, or (2025-11-25) a batch of them. */
interface GeneratedBody {
  readonly text: string;
  readonly batch: boolean;
  readonly messages: readonly GeneratedMessage[];
}

const body2025: fc.Arbitrary<GeneratedBody> = fc.oneof(
  anyMessage(false).map((message) => ({ text: message.text, batch: false, messages: [message] })),
  fc.array(anyMessage(false), { minLength: 1, maxLength: 8 }).map((messages) => ({
    text: `[${messages.map((message) => message.text).join(',')}]`,
    batch: true,
    messages,
  })),
);

const body2026: fc.Arbitrary<GeneratedBody> = anyMessage(true).map((message) => ({
  text: message.text,
  batch: false,
  messages: [message],
}));

type Mode = 'stateless' | 'session';

interface Answered {
  readonly status: number;
  readonly ids: readonly (string | number | null)[];
  readonly errors: boolean;
}

async function send(url: URL, text: string, headers: Record<string, string>): Promise<Answered> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: text,
    // No hang: an answer that does not come in time fails the property.
    signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
  });
  const raw = await response.text();
  if (raw === '') return { status: response.status, ids: [], errors: true };
  const parsed = JSON.parse(raw) as unknown;
  const answers = (Array.isArray(parsed) ? parsed : [parsed]) as {
    id?: string | number | null;
    error?: unknown;
  }[];
  return {
    status: response.status,
    ids: answers.map((answer) => answer.id ?? null),
    errors: answers.every((answer) => answer.error !== undefined),
  };
}

/** The ids a body is owed answers under, as a sorted multiset. */
function owedIds(body: GeneratedBody): (string | number | null)[] {
  return body.messages
    .filter((message) => message.owed !== 'nothing')
    .map((message) => (message.owed as { id: string | number | null }).id);
}

function sorted(ids: readonly (string | number | null)[]): string[] {
  return ids.map((id) => JSON.stringify(id)).sort();
}

describe.each<Mode>(['stateless', 'session'])('malformed JSON-RPC, %s HTTP', (mode) => {
  let fixture: HttpFixture;
  let sessionId: string | undefined;
  let bystander: string;
  let storedBefore: string;

  const legacyHeaders = (): Record<string, string> => ({
    'x-test-owner': 'alice',
    'mcp-protocol-version': '2025-11-25',
    ...(sessionId === undefined ? {} : { 'mcp-session-id': sessionId }),
  });

  /** What alice has stored: her task list and her one task, as the server shows them. */
  async function stored(): Promise<string> {
    const list = await postRaw(fixture.url, rpcBody('tasks/list', {}), legacyHeaders());
    const get = await postRaw(
      fixture.url,
      rpcBody('tasks/get', { taskId: bystander }),
      legacyHeaders(),
    );
    return JSON.stringify([await list.json(), await get.json()]);
  }

  beforeAll(async () => {
    fixture = await startHttpFixture({ ownersByHeader: true, env: { TASK_MCP_HTTP_MODE: mode } });
    if (mode === 'session') {
      const init = await postRaw(
        fixture.url,
        rpcBody('initialize', {
          protocolVersion: '2025-11-25',
          capabilities: {},
          clientInfo: { name: 'fuzz', version: '1' },
        }),
        { 'x-test-owner': 'alice' },
      );
      sessionId = init.headers.get('mcp-session-id')!;
      await init.text();
    }
    const created = await postRaw(
      fixture.url,
      rpcBody('tools/call', {
        name: 'wait',
        arguments: { durationMs: 600_000, steps: 1 },
        task: {},
      }),
      legacyHeaders(),
    );
    bystander = ((await created.json()) as { result: { task: { taskId: string } } }).result.task
      .taskId;
    storedBefore = await stored();
  });

  afterAll(async () => {
    // Nothing that was thrown at the server changed what it stores.
    expect(await stored()).toEqual(storedBefore);
    await fixture.close();
  });

  it('answers every 2025-11-25 message owed an answer exactly once, never with a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(body2025, async (body) => {
        const answered = await send(fixture.url, body.text, legacyHeaders());
        expect(answered.status).toBeLessThan(500);
        expect(sorted(answered.ids)).toEqual(sorted(owedIds(body)));
        expect(answered.errors).toBe(true);
        if (owedIds(body).length === 0) expect(answered.status).toBe(202);
      }),
      { numRuns: RUNS },
    );
  });

  it('answers every 2026-07-28 request exactly once under its id, never with a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(body2026, async (body) => {
        const [message] = body.messages;
        const headers: Record<string, string> = {
          'x-test-owner': 'alice',
          'mcp-protocol-version': '2026-07-28',
          ...(message!.method === undefined ? {} : { 'mcp-method': message!.method }),
        };
        const answered = await send(fixture.url, body.text, headers);
        expect(answered.status).toBeLessThan(500);
        expect(sorted(answered.ids)).toEqual(sorted(owedIds(body)));
        expect(answered.errors).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('answers a 2026-07-28 batch, which the version does not have, once under null', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(anyMessage(true), { minLength: 1, maxLength: 5 }),
        async (messages) => {
          const answered = await send(
            fixture.url,
            `[${messages.map((message) => message.text).join(',')}]`,
            {
              'x-test-owner': 'alice',
              'mcp-protocol-version': '2026-07-28',
              'mcp-method': 'tools/list',
            },
          );
          expect(answered.status).toBe(400);
          expect(answered.ids).toEqual([null]);
        },
      ),
      { numRuns: 20 },
    );
  });
});
