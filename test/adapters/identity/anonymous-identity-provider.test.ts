import { AnonymousIdentityProvider } from '../../../src/adapters/identity/anonymous-identity-provider.js';
import { describeIdentityProviderContract } from '../../contracts/identity-provider.contract.js';

describeIdentityProviderContract(
  'AnonymousIdentityProvider',
  async () => ({
    provider: new AnonymousIdentityProvider(),
    credentialsFor: async (name) => ({ transport: 'http', headers: { 'x-user': name } }),
    refused: [],
  }),
  { anonymous: true },
);
