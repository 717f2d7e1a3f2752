import { isSecureUrl } from './secure-url.js';
import { DocumentFetchError, fetchJsonDocument, type Fetch } from './json-fetch.js';

/**
 * Where an issuer publishes its metadata, in the order MCP clients try them: RFC 8414 with the
 * issuer's path inserted, then OpenID Connect Discovery appended and inserted.
 */
export function metadataUrls(issuer: string): URL[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/+$/, '');
  const at = (pathname: string): URL => new URL(pathname, url.origin);
  const urls = [
    at(`/.well-known/oauth-authorization-server${path}`),
    at(`${path}/.well-known/openid-configuration`),
  ];
  if (path) urls.push(at(`/.well-known/openid-configuration${path}`));
  return urls;
}

/**
 * Finds the issuer's jwks_uri from its metadata. The document must name exactly our issuer
 * (RFC 8414 section 3.3), so a proxy or a mix-up cannot point us at another issuer's keys.
 */
export async function discoverJwksUrl(
  issuer: string,
  fetchFn: Fetch,
  timeoutMs: number,
): Promise<URL> {
  const problems: string[] = [];
  for (const url of metadataUrls(issuer)) {
    let metadata: unknown;
    try {
      metadata = await fetchJsonDocument(fetchFn, url, timeoutMs);
    } catch (error) {
      if (!(error instanceof DocumentFetchError)) throw error;
      problems.push(error.message);
      continue;
    }
    const { issuer: named, jwks_uri: jwksUri } = (metadata ?? {}) as Record<string, unknown>;
    if (named !== issuer) {
      const shown = JSON.stringify(named ?? null).slice(0, 200);
      problems.push(`${url.href}: names issuer ${shown}, not ${issuer}`);
      continue;
    }
    if (typeof jwksUri !== 'string' || !isSecureUrl(jwksUri)) {
      problems.push(`${url.href}: has no https jwks_uri`);
      continue;
    }
    return new URL(jwksUri);
  }
  throw new DocumentFetchError(
    `cannot discover the issuer's jwks_uri (set TASK_MCP_AUTH_JWKS_URL to skip discovery): ${problems.join('; ')}`,
  );
}
