import { describeIdentityProviderContract } from './identity-provider.contract.js';
import { HeaderIdentityProvider } from '../support/header-identity-provider.js';

// The test double many end-to-end tests stand on keeps the same contract as the real providers.
describeIdentityProviderContract(
  'HeaderIdentityProvider (test double)',
  async () => ({
    provider: new HeaderIdentityProvider(),
    credentialsFor: async (name) => ({ transport: 'http', headers: { 'x-test-owner': name } }),
    refused: [
      {
        label: 'empty owner header',
        credentials: { transport: 'http', headers: { 'x-test-owner': '' } },
        secret: 'x-test-owner: ""',
      },
    ],
  }),
  { anonymous: false },
);
