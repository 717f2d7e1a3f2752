import { createServer } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateTaskResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { startHttpFixture, type HttpFixture } from '../support/http-fixture.js';
import { OidcAuthorizationServer, type AsClient } from '../../dev/oidc-authorization-server.js';
import { postRaw, rawRequest, rpcBody, PRIMES_TASK } from '../support/rpc.js';

/*
 * task-mcp as the resource server of a real OpenID Provider (oidc-provider) on 127.0.0.1: the
 * client discovers everything from the 401, gets a JWT access token by client_credentials with a
 * resource indicator, and uses it with the SDK's Client.
 */

const ALICE: AsClient = {
  clientId: 'agent-alice',
  clientSecret: 'alice-secret-0123456789',
  scopes: 'tasks:read tasks:create tasks:cancel',
};
const BOB: AsClient = {
  clientId: 'agent-bob',
  clientSecret: 'bob-secret-0123456789',
  scopes: 'tasks:read tasks:create tasks:cancel',
};
const READER: AsClient = {
  clientId: 'agent-reader',
  clientSecret: 'reader-secret-0123456789',
  scopes: 'tasks:read',
};

let as: OidcAuthorizationServer;
let fixture: HttpFixture;
let resource: string;
const clients: Client[] = [];

// oidc-provider announces its development defaults on the console; keep the test output clean.
const consoleWarn = console.warn;
const consoleInfo = console.info;
const unlessProvider =
  (write: (...args: unknown[]) => void) =>
  (...args: unknown[]): void => {
    if (!String(args[0]).startsWith('oidc-provider')) write(...args);
  };

beforeAll(async () => {
  console.warn = unlessProvider(consoleWarn);
  console.info = unlessProvider(consoleInfo);
  const port = await freePort();
  resource = `http://127.0.0.1:${port}/mcp`;
  as = await OidcAuthorizationServer.start(resource, [ALICE, BOB, READER]);
  fixture = await startHttpFixture({
    env: {
      TASK_MCP_PORT: String(port),
      TASK_MCP_AUTH_ISSUER: as.issuer,
      TASK_MCP_AUTH_AUDIENCE: resource,
      TASK_MCP_AUTH_REQUIRE_AT_JWT: 'true',
      // The shortest cooldown allowed, so the rotation test waits only a second.
      TASK_MCP_AUTH_JWKS_COOLDOWN_MS: '1000',
    },
  });
});

afterAll(async () => {
  await Promise.allSettled(clients.map((client) => client.close()));
  await fixture.close();
  await as.close();
  console.warn = consoleWarn;
  console.info = consoleInfo;
});

/** What an MCP client does from nothing but the server URL (MCP authorization, discovery). */
async function discoverAndGetToken(client: AsClient): Promise<string> {
  const challenge = await postRaw(fixture.url, rpcBody('tasks/list'));
  expect(challenge.status).toBe(401);
  const header = challenge.headers.get('www-authenticate') ?? '';
  const metadataUrl = /resource_metadata="([^"]+)"/.exec(header)?.[1];
  const scope = /scope="([^"]+)"/.exec(header)?.[1];
  expect(metadataUrl).toBe(`${new URL(resource).origin}/.well-known/oauth-protected-resource/mcp`);
  const metadata = (await (await fetch(metadataUrl!)).json()) as {
    resource: string;
    authorization_servers: string[];
  };
  expect(metadata.authorization_servers).toEqual([as.issuer]);
  return as.token(client, metadata.resource, scope!);
}

async function connect(
  token: string,
): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(fixture.url, {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name: 'oauth-e2e', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return { client, transport };
}

async function startPrimes(client: Client, below: number): Promise<string> {
  const created = await client.request(
    { method: 'tools/call', params: { name: 'count_primes', arguments: { below }, task: {} } },
    CreateTaskResultSchema,
  );
  return created.task.taskId;
}

describe('with a real authorization server', () => {
  let aliceToken: string;
  let alice: Client;
  let aliceSession: string;
  let aliceTask: string;

  it('a client discovers the AS, gets a token, runs a task tool, polls it and reads the result', async () => {
    aliceToken = await discoverAndGetToken(ALICE);
    const connection = await connect(aliceToken);
    alice = connection.client;
    aliceSession = connection.transport.sessionId!;
    aliceTask = await startPrimes(alice, 100_000);
    let status = (await alice.experimental.tasks.getTask(aliceTask)).status;
    const deadline = Date.now() + 10_000;
    while (status === 'working' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      status = (await alice.experimental.tasks.getTask(aliceTask)).status;
    }
    expect(status).toBe('completed');
    const result = await rawRequest(alice, 'tasks/result', { taskId: aliceTask });
    expect(result.result).toMatchObject({
      structuredContent: { below: 100_000, count: 9592 },
    });
  });

  it('another client identity cannot see, read or cancel that task, and its own list is empty', async () => {
    const { client: bob } = await connect(await discoverAndGetToken(BOB));
    const unknown = { taskId: 'A'.repeat(24) };
    for (const method of ['tasks/get', 'tasks/result', 'tasks/cancel']) {
      const theirs = await rawRequest(bob, method, { taskId: aliceTask });
      const nobodys = await rawRequest(bob, method, unknown);
      expect(theirs.error).toBeDefined();
      expect(theirs).toEqual(nobodys);
    }
    expect((await rawRequest(bob, 'tasks/list', {})).result).toEqual({ tasks: [] });
    // Alice's task is untouched.
    expect((await alice.experimental.tasks.getTask(aliceTask)).status).toBe('completed');
  });

  it("refuses Bob's token on Alice's session as if the session did not exist", async () => {
    const bobToken = await discoverAndGetToken(BOB);
    const body = rpcBody('tasks/list', undefined, 9);
    const onAlices = await postRaw(fixture.url, body, {
      authorization: `Bearer ${bobToken}`,
      'mcp-session-id': aliceSession,
      'mcp-protocol-version': '2025-11-25',
    });
    const onNone = await postRaw(fixture.url, body, {
      authorization: `Bearer ${bobToken}`,
      'mcp-session-id': 'no-such-session',
      'mcp-protocol-version': '2025-11-25',
    });
    expect(onAlices.status).toBe(404);
    expect(onNone.status).toBe(404);
    expect(await onAlices.text()).toBe(await onNone.text());
  });

  it('a token with read scope only may poll but gets 403 naming the scope to create tasks', async () => {
    const token = await as.token(READER, resource, 'tasks:read tasks:create');
    const call = rpcBody('tools/call', PRIMES_TASK);
    const refused = await postRaw(fixture.url, call, { authorization: `Bearer ${token}` });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toContain(
      'error="insufficient_scope", error_description="This request needs the scope(s) tasks:create',
    );
  });

  it('picks up the AS rotating its signing key, without a restart', async () => {
    const before = as.jwksRequests;
    const oldKid = as.currentKid;
    await new Promise((resolve) => setTimeout(resolve, 1100)); // past the cooldown
    await as.rotateKeys();
    expect(as.currentKid).not.toBe(oldKid);
    const { client } = await connect(await discoverAndGetToken(ALICE));
    // Same issuer and subject: the same owner, so Alice's task is still hers.
    expect((await client.experimental.tasks.getTask(aliceTask)).status).toBe('completed');
    expect(as.jwksRequests - before).toBe(1);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
