import { AuthenticationError } from '../../src/application/shared/errors.js';
import type {
  IdentityProvider,
  Principal,
  RequestCredentials,
} from '../../src/application/ports/identity-provider.js';
import { ownerFromIdentity } from '../../src/domain/index.js';

export const TEST_ISSUER = 'https://issuer.test';

/**
 * Test-only identity: the owner is named by an `x-test-owner` header. Bound in the container in
 * place of the real provider, so the server's own code paths decide everything else.
 */
export class HeaderIdentityProvider implements IdentityProvider {
  readonly anonymous = false;

  async authenticate(credentials: RequestCredentials): Promise<Principal> {
    const name = credentials.headers['x-test-owner'];
    if (typeof name !== 'string' || name.length === 0) {
      throw new AuthenticationError('x-test-owner header required');
    }
    return { owner: ownerFromIdentity(TEST_ISSUER, name), scopes: [] };
  }
}
