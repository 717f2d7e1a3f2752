import { AuthenticationError } from '../../src/application/shared/errors.js';
import type {
  IdentityProvider,
  RequestCredentials,
} from '../../src/application/ports/identity-provider.js';
import { LOCAL_OWNER } from '../../src/domain/index.js';

export interface RefusedCredentials {
  readonly label: string;
  readonly credentials: RequestCredentials;
  /** What must never appear in the error (the token itself). */
  readonly secret: string;
}

export interface IdentityProviderSubject {
  readonly provider: IdentityProvider;
  /** Good credentials of the caller `name` (an anonymous provider ignores them anyway). */
  credentialsFor(name: string): Promise<RequestCredentials>;
  /** Credentials the provider must refuse (none for an anonymous provider). */
  readonly refused: readonly RefusedCredentials[];
  close?(): Promise<void>;
}

const NO_CREDENTIALS: RequestCredentials = { transport: 'http', headers: {} };

/**
 * What every IdentityProvider must do: `describeIdentityProviderContract('MyProvider', make,
 * { anonymous })`. Owner isolation rests on it: the same caller is always the same owner, two
 * callers are never one, and nothing a client merely claims picks the owner.
 */
export function describeIdentityProviderContract(
  adapterName: string,
  makeSubject: () => Promise<IdentityProviderSubject>,
  kind: { anonymous: boolean },
): void {
  describe(`IdentityProvider contract: ${adapterName}`, () => {
    let subject: IdentityProviderSubject;

    beforeAll(async () => {
      subject = await makeSubject();
    });

    afterAll(async () => {
      await subject.close?.();
    });

    it(`says it is ${kind.anonymous ? '' : 'not '}anonymous`, () => {
      expect(subject.provider.anonymous).toBe(kind.anonymous);
    });

    it('gives good credentials a principal with an owner and a list of scopes', async () => {
      const principal = await subject.provider.authenticate(await subject.credentialsFor('alice'));
      expect(typeof principal.owner).toBe('string');
      expect(principal.owner.length).toBeGreaterThan(0);
      expect(Array.isArray(principal.scopes)).toBe(true);
    });

    it('gives the same caller the same owner every time, concurrent calls included', async () => {
      const calls = await Promise.all(
        Array.from({ length: 10 }, async () =>
          subject.provider.authenticate(await subject.credentialsFor('alice')),
        ),
      );
      expect(new Set(calls.map((principal) => principal.owner)).size).toBe(1);
    });

    if (kind.anonymous) {
      it('gives every request the one local owner, whatever the request claims', async () => {
        const claims: RequestCredentials[] = [
          await subject.credentialsFor('bob'),
          { transport: 'http', authorization: 'Bearer bob', headers: { 'x-test-owner': 'bob' } },
          { transport: 'stdio', headers: {} },
        ];
        for (const credentials of claims) {
          expect((await subject.provider.authenticate(credentials)).owner).toBe(LOCAL_OWNER);
        }
      });
      return;
    }

    it('gives different callers different owners, none of them the local one', async () => {
      const alice = await subject.provider.authenticate(await subject.credentialsFor('alice'));
      const bob = await subject.provider.authenticate(await subject.credentialsFor('bob'));
      expect(alice.owner).not.toBe(bob.owner);
      expect([alice.owner, bob.owner]).not.toContain(LOCAL_OWNER);
    });

    it('refuses a request without credentials with an AuthenticationError', async () => {
      await expect(subject.provider.authenticate(NO_CREDENTIALS)).rejects.toThrow(
        AuthenticationError,
      );
    });

    it('refuses bad credentials with an AuthenticationError that never echoes them', async () => {
      expect(subject.refused.length).toBeGreaterThan(0);
      for (const { label, credentials, secret } of subject.refused) {
        const error = await subject.provider.authenticate(credentials).then(
          () => new Error(`${label}: accepted`),
          (refusal: unknown) => refusal,
        );
        expect([label, error]).toEqual([label, expect.any(AuthenticationError)]);
        expect((error as Error).message).not.toContain(secret);
      }
    });
  });
}
