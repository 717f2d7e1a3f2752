import {
  IDENTITY_PROVIDER,
  type IdentityProvider,
} from '../../../src/application/ports/identity-provider.js';
import { LOGGER } from '../../../src/application/ports/logger.js';
import { loadConfig } from '../../../src/composition/config/load-config.js';
import { buildContainer } from '../../../src/composition/container.js';
import { describeIdentityProviderContract } from '../../contracts/identity-provider.contract.js';
import { isolatedSettings } from '../../support/isolated-env.js';
import { silentLogger } from '../../support/test-container.js';
import { TestIssuer } from '../../support/test-issuer.js';

const AUDIENCE = 'https://mcp.example.test/mcp';
const bearer = (token: string) => ({
  transport: 'http' as const,
  authorization: `Bearer ${token}`,
  headers: {},
});

describeIdentityProviderContract(
  'JwksIdentityProvider',
  async () => {
    const issuer = await TestIssuer.start();
    const container = buildContainer(
      loadConfig(
        isolatedSettings({ TASK_MCP_AUTH_ISSUER: issuer.url, TASK_MCP_AUTH_AUDIENCE: AUDIENCE }),
      ),
    );
    container.rebind(LOGGER).toConstantValue(silentLogger);
    const expired = await issuer.token(AUDIENCE, { exp: Math.floor(Date.now() / 1000) - 3600 });
    const otherAudience = await issuer.token('https://elsewhere.example/mcp');
    const forged = `${expired.slice(0, expired.lastIndexOf('.'))}.c2lnbmF0dXJl`;
    return {
      provider: container.get<IdentityProvider>(IDENTITY_PROVIDER),
      credentialsFor: async (name) => bearer(await issuer.token(AUDIENCE, { sub: name })),
      refused: [
        { label: 'expired', credentials: bearer(expired), secret: expired },
        { label: 'another audience', credentials: bearer(otherAudience), secret: otherAudience },
        { label: 'bad signature', credentials: bearer(forged), secret: forged },
        { label: 'not a JWT', credentials: bearer('not-a-jwt'), secret: 'not-a-jwt' },
      ],
      close: () => issuer.close(),
    };
  },
  { anonymous: false },
);
