import {
  scopeRefusalMessage,
  type AuthenticationFailure,
} from '../../../application/shared/errors.js';
import { HttpError } from '../http-error.js';

export interface ChallengeContext {
  /** RFC 9728 metadata URL for the challenge; absent in anonymous mode. */
  readonly resourceMetadata?: string;
  /** Scopes a client should ask for when it has no token yet. */
  readonly baselineScopes: readonly string[];
}

/** 401 (no or bad token) or 400 (malformed request), with the RFC 6750 challenge. */
export function authenticationRefused(
  failure: AuthenticationFailure,
  description: string,
  context: ChallengeContext,
): HttpError {
  if (failure === 'missing_token') {
    return new HttpError('UNAUTHENTICATED', description, {
      'www-authenticate': challenge({
        resource_metadata: context.resourceMetadata,
        scope: spaced(context.baselineScopes),
      }),
    });
  }
  const refusal = failure === 'invalid_request' ? 'BAD_AUTHORIZATION' : 'UNAUTHENTICATED';
  return new HttpError(refusal, description, {
    'www-authenticate': challenge({
      error: failure,
      error_description: description,
      resource_metadata: context.resourceMetadata,
    }),
  });
}

/**
 * 403 for scopes the token lacks (MCP authorization, scope challenge handling): the description
 * names what the request needs, the challenge's `scope` what a new token should carry.
 */
export function scopeRefused(
  required: readonly string[],
  toRequest: readonly string[],
  context: ChallengeContext,
): HttpError {
  const description = scopeRefusalMessage(required, toRequest);
  return new HttpError('INSUFFICIENT_SCOPE', description, {
    'www-authenticate': challenge({
      error: 'insufficient_scope',
      error_description: description,
      scope: spaced(toRequest),
      resource_metadata: context.resourceMetadata,
    }),
  });
}

function spaced(scopes: readonly string[]): string | undefined {
  return scopes.length > 0 ? scopes.join(' ') : undefined;
}

/** `Bearer k="v", ...`; values reduced to what an RFC 7230 quoted-string can carry plainly. */
function challenge(params: Readonly<Record<string, string | undefined>>): string {
  const parts = Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${name}="${value.replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, '')}"`);
  return parts.length > 0 ? `Bearer ${parts.join(', ')}` : 'Bearer';
}
