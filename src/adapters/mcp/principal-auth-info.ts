import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { Principal } from '../../application/ports/identity-provider.js';
import type { HandlerExtra } from './handler-extra.js';

/*
 * The HTTP layer authenticates each request and hands the Principal to the SDK as AuthInfo, which
 * the SDK passes to handlers as extra.authInfo. Nothing a client sends can set it.
 */

/** A principal is immutable: its AuthInfo is built once, not on every request it makes. */
const authInfos = new WeakMap<Principal, AuthInfo>();

export function toAuthInfo(principal: Principal): AuthInfo {
  let info = authInfos.get(principal);
  if (!info) authInfos.set(principal, (info = buildAuthInfo(principal)));
  return info;
}

function buildAuthInfo(principal: Principal): AuthInfo {
  const info: AuthInfo = {
    // The raw token stays in the HTTP layer; handlers need the principal only.
    token: '',
    clientId: principal.clientId ?? '',
    scopes: [...principal.scopes],
    extra: { principal },
  };
  if (principal.expiresAt !== undefined) info.expiresAt = Math.floor(principal.expiresAt / 1000);
  return info;
}

export function principalFromExtra(extra: HandlerExtra): Principal {
  const principal = extra.authInfo?.extra?.principal as Principal | undefined;
  if (!principal) throw new Error('Request reached a handler without an authenticated principal');
  return principal;
}
