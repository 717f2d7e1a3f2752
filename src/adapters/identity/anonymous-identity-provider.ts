import { injectable } from 'inversify';
import type {
  IdentityProvider,
  Principal,
  RequestCredentials,
} from '../../application/ports/identity-provider.js';
import { LOCAL_OWNER } from '../../domain/index.js';

const LOCAL_PRINCIPAL: Principal = Object.freeze({ owner: LOCAL_OWNER, scopes: Object.freeze([]) });

/** No authentication configured: one local user owns every task. Loopback only, by default. */
@injectable()
export class AnonymousIdentityProvider implements IdentityProvider {
  readonly anonymous = true;

  async authenticate(_credentials: RequestCredentials): Promise<Principal> {
    return LOCAL_PRINCIPAL;
  }
}
