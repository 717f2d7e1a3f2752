import { createHmac } from 'node:crypto';
import { base64url, type JWTPayload } from 'jose';
import { startHttpFixture, type HttpFixture } from '../../support/http-fixture.js';
import { postRaw, rpcBody } from '../../support/rpc.js';
import { TestIssuer } from '../../support/test-issuer.js';

const AUDIENCE = 'https://mcp.example.test/mcp';
const METADATA = 'https://mcp.example.test/.well-known/oauth-protected-resource/mcp';
const LIST = rpcBody('tasks/list');

let issuer: TestIssuer;
let fixture: HttpFixture;
const logged: string[] = [];
const capture = (message: string, fields?: object) =>
  void logged.push(`${message} ${JSON.stringify(fields ?? {})}`);

beforeAll(async () => {
  issuer = await TestIssuer.start();
  fixture = await startHttpFixture({
    env: {
      TASK_MCP_HTTP_MODE: 'stateless',
      TASK_MCP_AUTH_ISSUER: issuer.url,
      TASK_MCP_AUTH_AUDIENCE: AUDIENCE,
      TASK_MCP_AUTH_JWKS_COOLDOWN_MS: '60000',
      TASK_MCP_LOG_LEVEL: 'debug',
    },
    logger: { debug: capture, info: capture, warn: capture, error: capture },
  });
});

beforeEach(() => {
  logged.length = 0;
});

afterAll(async () => {
  await fixture.close();
  await issuer.close();
});

const withToken = (token: string) =>
  postRaw(fixture.url, LIST, { authorization: `Bearer ${token}` });

function invalidToken(description: string): string {
  return `Bearer error="invalid_token", error_description="${description}", resource_metadata="${METADATA}"`;
}

/** A JWT with the given header and payload and a made-up signature. */
function forge(header: object, payload: JWTPayload, signature = ''): string {
  const part = (value: object) => base64url.encode(JSON.stringify(value));
  return `${part(header)}.${part(payload)}.${signature}`;
}

async function expectRefusal(
  response: Response,
  status: number,
  challenge: string,
  token?: string,
): Promise<void> {
  const text = await response.text();
  expect(response.status).toBe(status);
  expect(response.headers.get('www-authenticate')).toBe(challenge);
  const body = JSON.parse(text) as { error: { message: string } };
  // The body says the same as the challenge's error_description, for clients that show only one.
  if (challenge.includes('error_description')) {
    expect(challenge).toContain(`error_description="${body.error.message}"`);
  } else {
    expect(body.error.message).toBe('No access token: send Authorization: Bearer <token>');
  }
  if (token) {
    expect(text).not.toContain(token.slice(-20));
    // The refusal is logged for the operator, with the reason and without the token.
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('authentication refused');
    expect(logged.join('\n')).not.toContain(token.slice(-20));
  }
}

describe('a request with a good token', () => {
  it('is served', async () => {
    const response = await withToken(await issuer.token(AUDIENCE));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ result: { tasks: [] } });
  });
});

describe('requests that carry no usable token get 401 with a challenge', () => {
  it('no Authorization header: resource_metadata and the scopes to ask for, no error code', async () => {
    const response = await postRaw(fixture.url, LIST);
    await expectRefusal(
      response,
      401,
      `Bearer resource_metadata="${METADATA}", scope="tasks:read tasks:create tasks:cancel"`,
    );
  });

  it.each<[string, () => Promise<string>, string]>([
    [
      'a token from another issuer',
      () => issuer.token(AUDIENCE, { iss: 'https://evil.example.test' }),
      `The access token was issued by another issuer; expected ${'ISSUER'}`,
    ],
    [
      'a token for another audience',
      () => issuer.token(AUDIENCE, { aud: 'https://other.example.test/mcp' }),
      `The access token is not for this server: its audience must include ${AUDIENCE} (request it with resource=${AUDIENCE})`,
    ],
    [
      'an expired token',
      () => issuer.token(AUDIENCE, { exp: Math.floor(Date.now() / 1000) - 120 }),
      'The access token has expired; get a new one',
    ],
    [
      'a token whose nbf is in the future',
      () => issuer.token(AUDIENCE, { nbf: Math.floor(Date.now() / 1000) + 600 }),
      'The access token is not valid yet (nbf is in the future)',
    ],
    [
      'a token without exp',
      () => issuer.token(AUDIENCE, { exp: undefined }),
      'The access token has no exp claim',
    ],
    [
      'a token without sub',
      () => issuer.token(AUDIENCE, { sub: undefined }),
      'The access token has no sub claim',
    ],
    [
      'an unsigned token (alg none)',
      async () => forge({ alg: 'none', typ: 'at+jwt' }, issuer.claims(AUDIENCE)),
      'The signing algorithm of the access token is not accepted; allowed: RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 EdDSA Ed25519',
    ],
    [
      'an HS256 token signed with the public key as the secret',
      async () => {
        const header = { alg: 'HS256', kid: issuer.currentKey.kid, typ: 'at+jwt' };
        const unsigned = forge(header, issuer.claims(AUDIENCE)).slice(0, -1);
        const secret = JSON.stringify(issuer.currentKey.publicJwk);
        const mac = createHmac('sha256', secret).update(unsigned).digest('base64url');
        return `${unsigned}.${mac}`;
      },
      'The signing algorithm of the access token is not accepted; allowed: RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 EdDSA Ed25519',
    ],
    [
      'a token signed by a key the issuer never published',
      async () => {
        const stranger = await TestIssuer.start();
        try {
          return await stranger.sign(issuer.claims(AUDIENCE), { kid: 'not-published' });
        } finally {
          await stranger.close();
        }
      },
      'No key in the key set of the issuer matches the kid and alg of the access token; was it issued by another authorization server?',
    ],
    [
      'a token whose payload was tampered with',
      async () => {
        const [header, , signature] = (await issuer.token(AUDIENCE)).split('.');
        const payload = base64url.encode(JSON.stringify(issuer.claims(AUDIENCE, { sub: 'root' })));
        return `${header}.${payload}.${signature}`;
      },
      'The access token signature does not verify',
    ],
    [
      'a token larger than 8 KiB',
      async () => issuer.token(AUDIENCE, { padding: 'x'.repeat(9000) }),
      'The access token is longer than 8192 bytes; no issuer sends tokens that large',
    ],
    [
      'garbage in the shape of a token',
      async () => 'not-a-jwt',
      'The access token is not a well-formed signed JWT',
    ],
    [
      'three base64url parts that are not JSON',
      async () => 'aaaa.bbbb.cccc',
      'The access token is not a well-formed signed JWT',
    ],
  ])('%s', async (_name, makeToken, description) => {
    const token = await makeToken();
    const expected = description.replace('ISSUER', issuer.url);
    await expectRefusal(await withToken(token), 401, invalidToken(expected), token);
  });
});

describe('malformed requests get 400 invalid_request', () => {
  it.each([
    [
      'another scheme',
      'Basic YWxpY2U6c2VjcmV0',
      'The Authorization header must use the Bearer scheme: Authorization: Bearer <token>',
    ],
    [
      'Bearer without a token',
      'Bearer',
      'The Authorization header has the Bearer scheme but no token',
    ],
    [
      'two words after Bearer',
      'Bearer abc def',
      'The Authorization header is malformed: a bearer token is one word of base64url characters',
    ],
    [
      'characters outside base64url',
      'Bearer abc"def',
      'The Authorization header is malformed: a bearer token is one word of base64url characters',
    ],
  ])('%s', async (_name, authorization, description) => {
    const response = await postRaw(fixture.url, LIST, { authorization });
    await expectRefusal(
      response,
      400,
      `Bearer error="invalid_request", error_description="${description}", resource_metadata="${METADATA}"`,
    );
  });

  it('a token in the query string, even a good one', async () => {
    const token = await issuer.token(AUDIENCE);
    const url = new URL(fixture.url);
    url.searchParams.set('access_token', token);
    const response = await postRaw(url, LIST);
    await expectRefusal(
      response,
      400,
      `Bearer error="invalid_request", error_description="Access tokens in the query string are refused (they end up in logs); send Authorization: Bearer <token>", resource_metadata="${METADATA}"`,
      token,
    );
  });
});

describe('a token without the scope a request needs gets 403 insufficient_scope', () => {
  it.each([
    ['tasks/list', {}, 'tasks:create tasks:cancel', 'tasks:read'],
    ['tasks/cancel', { taskId: 'x'.repeat(20) }, 'tasks:read tasks:create', 'tasks:cancel'],
    [
      'tools/call',
      { name: 'wait', arguments: {}, task: {} },
      'tasks:read tasks:cancel',
      'tasks:create',
    ],
  ])('%s', async (method, params, granted, needed) => {
    const token = await issuer.token(AUDIENCE, { scope: granted });
    const body = rpcBody(method, params);
    const response = await postRaw(fixture.url, body, { authorization: `Bearer ${token}` });
    // The challenge keeps the scopes the token has, so a client that replaces its scopes on
    // step-up loses none of them.
    const description = `This request needs the scope(s) ${needed}; ask the authorization server for a token that grants them, along with the ones it has: ${granted}`;
    await expectRefusal(
      response,
      403,
      `Bearer error="insufficient_scope", error_description="${description}", scope="${needed} ${granted}", resource_metadata="${METADATA}"`,
    );
  });

  it('accepts scopes from scp as an array (Okta) as well as from scope', async () => {
    const token = await issuer.token(AUDIENCE, { scope: undefined, scp: ['tasks:read'] });
    expect((await withToken(token)).status).toBe(200);
  });
});

describe('a flood of made-up kids', () => {
  it('is refused without a JWKS fetch per token', async () => {
    const before = issuer.jwksRequests;
    const stranger = await TestIssuer.start();
    try {
      for (let i = 0; i < 50; i++) {
        const token = await stranger.sign(issuer.claims(AUDIENCE), { kid: `random-${i}` });
        expect((await withToken(token)).status).toBe(401);
      }
    } finally {
      await stranger.close();
    }
    // The cooldown (60 s here) allows at most one refetch for unknown kids.
    expect(issuer.jwksRequests - before).toBeLessThanOrEqual(1);
  });
});
