import { ProtectedResourceMetadata } from '../../../../src/adapters/http/bearer/protected-resource-metadata.js';
import { AccessPolicy } from '../../../../src/application/policy/access-policy.js';
import { testContainer } from '../../../support/test-container.js';

const ISSUER = 'https://issuer.example.test';

function accessPolicy(env: Record<string, string> = {}): AccessPolicy {
  const settings = { TASK_MCP_AUTH_ISSUER: ISSUER, TASK_MCP_AUTH_AUDIENCE: 'https://x.test/mcp' };
  return testContainer({ ...settings, ...env }).container.get(AccessPolicy);
}

const metadata = (audience: string, mcpPath = '/mcp', access = accessPolicy()) =>
  new ProtectedResourceMetadata({ issuer: ISSUER, audience }, access, mcpPath);

describe('ProtectedResourceMetadata', () => {
  it("is found at the well-known path suffixed with the resource's path (RFC 9728)", () => {
    const served = metadata('https://mcp.example.test/mcp');
    expect(served.url).toBe('https://mcp.example.test/.well-known/oauth-protected-resource/mcp');
    expect([...served.paths].sort()).toEqual([
      '/.well-known/oauth-protected-resource',
      '/.well-known/oauth-protected-resource/mcp',
    ]);
  });

  it('is served at the root form, the suffixed form and the MCP path form', () => {
    const served = metadata('https://mcp.example.test:8443/api/tasks/', '/mcp');
    expect(served.url).toBe(
      'https://mcp.example.test:8443/.well-known/oauth-protected-resource/api/tasks',
    );
    expect([...served.paths].sort()).toEqual([
      '/.well-known/oauth-protected-resource',
      '/.well-known/oauth-protected-resource/api/tasks',
      '/.well-known/oauth-protected-resource/mcp',
    ]);
  });

  it('needs no suffix for a resource at the root of its origin', () => {
    const served = metadata('https://mcp.example.test/');
    expect(served.url).toBe('https://mcp.example.test/.well-known/oauth-protected-resource');
    expect([...served.paths].sort()).toEqual([
      '/.well-known/oauth-protected-resource',
      '/.well-known/oauth-protected-resource/mcp',
    ]);
  });

  it('names the resource, its issuer, the scopes it knows and header tokens only', () => {
    const served = metadata('https://mcp.example.test/mcp');
    expect(served.document).toEqual({
      resource: 'https://mcp.example.test/mcp',
      authorization_servers: [ISSUER],
      scopes_supported: ['tasks:read', 'tasks:create', 'tasks:cancel'],
      bearer_methods_supported: ['header'],
      resource_name: 'task-mcp',
    });
    expect(Object.isFrozen(served.document)).toBe(true);
  });

  it('lists the scopes the operator configured', () => {
    const access = accessPolicy({
      TASK_MCP_AUTH_SCOPE_READ: 'mcp:read',
      TASK_MCP_AUTH_SCOPE_CALL: 'mcp:call',
      TASK_MCP_AUTH_SCOPE_CANCEL: 'mcp:cancel',
    });
    const served = metadata('https://mcp.example.test/mcp', '/mcp', access);
    expect(served.document.scopes_supported).toEqual(['mcp:read', 'mcp:call', 'mcp:cancel']);
  });
});
