import { discoverJwksUrl, metadataUrls } from '../../../src/adapters/identity/issuer-discovery.js';
import { DocumentFetchError, type Fetch } from '../../../src/adapters/identity/json-fetch.js';

const ISSUER = 'https://idp.example.test/realms/team';

/** A fetch that serves `documents` by URL and 404 for anything else, recording what was asked. */
function serving(documents: Record<string, unknown>) {
  const asked: string[] = [];
  const fetchFn = (async (url: URL) => {
    asked.push(url.href);
    const document = documents[url.href];
    return document === undefined ? new Response('', { status: 404 }) : Response.json(document);
  }) as Fetch;
  return { fetchFn, asked };
}

describe('metadataUrls', () => {
  it('tries RFC 8414 with the path inserted, then OpenID discovery appended and inserted', () => {
    expect(metadataUrls(`${ISSUER}/`).map((url) => url.href)).toEqual([
      'https://idp.example.test/.well-known/oauth-authorization-server/realms/team',
      'https://idp.example.test/realms/team/.well-known/openid-configuration',
      'https://idp.example.test/.well-known/openid-configuration/realms/team',
    ]);
  });

  it('tries each place once for an issuer without a path', () => {
    expect(metadataUrls('https://idp.example.test').map((url) => url.href)).toEqual([
      'https://idp.example.test/.well-known/oauth-authorization-server',
      'https://idp.example.test/.well-known/openid-configuration',
    ]);
  });
});

describe('discoverJwksUrl', () => {
  it('takes jwks_uri from the first document that names exactly this issuer', async () => {
    const { fetchFn, asked } = serving({
      'https://idp.example.test/realms/team/.well-known/openid-configuration': {
        issuer: ISSUER,
        jwks_uri: 'https://idp.example.test/realms/team/certs',
      },
    });
    const found = await discoverJwksUrl(ISSUER, fetchFn, 1000);
    expect(found.href).toBe('https://idp.example.test/realms/team/certs');
    expect(asked).toHaveLength(2);
  });

  it('passes over a document naming another issuer, or offering keys over plain http', async () => {
    const [rfc8414, appended, inserted] = metadataUrls(ISSUER).map((url) => url.href);
    const { fetchFn } = serving({
      [rfc8414!]: { issuer: 'https://evil.example.test', jwks_uri: 'https://evil.example.test/k' },
      [appended!]: { issuer: ISSUER, jwks_uri: 'http://idp.example.test/certs' },
      [inserted!]: { issuer: ISSUER, jwks_uri: 'https://idp.example.test/certs' },
    });
    expect((await discoverJwksUrl(ISSUER, fetchFn, 1000)).href).toBe(
      'https://idp.example.test/certs',
    );
  });

  it('says what was wrong at each place when none of them will do', async () => {
    const [rfc8414] = metadataUrls(ISSUER).map((url) => url.href);
    const { fetchFn } = serving({ [rfc8414!]: { issuer: 'https://other.test' } });
    const failure = discoverJwksUrl(ISSUER, fetchFn, 1000);
    await expect(failure).rejects.toThrow(DocumentFetchError);
    await expect(failure).rejects.toThrow(
      `cannot discover the issuer's jwks_uri (set TASK_MCP_AUTH_JWKS_URL to skip discovery): ${rfc8414}: names issuer "https://other.test", not ${ISSUER}; `,
    );
    await expect(failure).rejects.toThrow(/openid-configuration: HTTP 404;.*: HTTP 404$/);
  });
});
