import { AuthenticationError } from '../../application/shared/errors.js';

/** Larger than any access token an IdP issues; refused before any parsing. */
export const MAX_TOKEN_BYTES = 8192;

// RFC 6750 section 2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const B64_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * The bearer token of an Authorization header. No header: missing_token (401 without an error
 * code, as RFC 6750 asks). A header that is not `Bearer <b64token>`: invalid_request (400).
 * Messages say what is wrong with the header's shape and never repeat it.
 */
export function bearerToken(authorization: string | undefined): string {
  if (authorization === undefined || authorization.trim() === '') {
    throw new AuthenticationError(
      'No access token: send Authorization: Bearer <token>',
      'missing_token',
    );
  }
  const space = authorization.indexOf(' ');
  const scheme = space === -1 ? authorization : authorization.slice(0, space);
  if (scheme.toLowerCase() !== 'bearer') {
    throw new AuthenticationError(
      'The Authorization header must use the Bearer scheme: Authorization: Bearer <token>',
      'invalid_request',
    );
  }
  const token = authorization.slice(space + 1).trim();
  if (space === -1 || token === '') {
    throw new AuthenticationError(
      'The Authorization header has the Bearer scheme but no token',
      'invalid_request',
    );
  }
  if (token.length > MAX_TOKEN_BYTES) {
    throw new AuthenticationError(
      `The access token is longer than ${MAX_TOKEN_BYTES} bytes; no issuer sends tokens that large`,
      'invalid_token',
    );
  }
  if (!B64_TOKEN.test(token)) {
    throw new AuthenticationError(
      'The Authorization header is malformed: a bearer token is one word of base64url characters',
      'invalid_request',
    );
  }
  return token;
}
