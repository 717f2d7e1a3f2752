import 'reflect-metadata';
import { z } from 'zod';
import {
  AccessPolicy,
  callTool,
  CANCEL_TASKS,
  READ_TASKS,
  type ScopeRules,
} from '../../../src/application/policy/access-policy.js';
import { InsufficientScopeError } from '../../../src/application/shared/errors.js';
import type { Principal } from '../../../src/application/ports/identity-provider.js';
import type { TaskTool } from '../../../src/application/ports/task-tool.js';
import { ToolRegistry } from '../../../src/application/services/tool-registry.js';
import { anOwner } from '../../support/task-mother.js';

const tool = (name: string, requiredScopes?: string[]): TaskTool => ({
  name,
  description: name,
  inputSchema: z.object({}),
  taskSupport: 'optional',
  ...(requiredScopes ? { requiredScopes } : {}),
  run: async () => ({ content: [{ type: 'text', text: 'done' }] }),
});

const RULES: ScopeRules = {
  enforced: true,
  read: ['tasks:read'],
  call: ['tasks:create'],
  cancel: ['tasks:cancel'],
  tools: { overridden: ['ops:admin'] },
};

const registry = new ToolRegistry([
  tool('plain'),
  tool('declared', ['gpu']),
  tool('overridden', ['ignored']),
]);
const principal = (...scopes: string[]): Principal => ({ owner: anOwner(), scopes });

describe('AccessPolicy', () => {
  const policy = new AccessPolicy(RULES, registry);

  it('names the scopes each operation needs', () => {
    expect(policy.requiredScopes(READ_TASKS)).toEqual(['tasks:read']);
    expect(policy.requiredScopes(CANCEL_TASKS)).toEqual(['tasks:cancel']);
    expect(policy.requiredScopes(callTool('plain'))).toEqual(['tasks:create']);
    expect(policy.requiredScopes(callTool('declared'))).toEqual(['tasks:create', 'gpu']);
    expect(policy.requiredScopes(callTool('overridden'))).toEqual(['tasks:create', 'ops:admin']);
    expect(policy.requiredScopes(callTool('no-such-tool'))).toEqual(['tasks:create']);
    expect(policy.supportedScopes()).toEqual([
      'tasks:read',
      'tasks:create',
      'tasks:cancel',
      'gpu',
      'ops:admin',
    ]);
  });

  it('lets a principal through only with every scope, and says which are needed', () => {
    expect(() => policy.authorize(principal('tasks:read'), READ_TASKS)).not.toThrow();
    expect(() => policy.authorize(principal('tasks:create'), callTool('declared'))).toThrow(
      InsufficientScopeError,
    );
    try {
      policy.authorize(principal('tasks:create'), callTool('declared'));
    } catch (error) {
      expect((error as InsufficientScopeError).requiredScopes).toEqual(['tasks:create', 'gpu']);
      expect((error as Error).message).toBe(
        'This request needs the scope(s) tasks:create gpu; ask the authorization server for a token that grants them',
      );
    }
    expect(policy.missingScopes(principal('gpu'), callTool('declared'))).toEqual(['tasks:create']);
  });

  it("asks a step-up for what is needed plus the token's own scopes of this server", () => {
    const holder = principal('tasks:read', 'tasks:cancel', 'openid', 'profile');
    try {
      policy.authorize(holder, callTool('declared'));
      throw new Error('not refused');
    } catch (error) {
      const refusal = error as InsufficientScopeError;
      expect(refusal.requiredScopes).toEqual(['tasks:create', 'gpu']);
      // Scopes of other resources (openid, profile) are none of this server's business.
      expect(refusal.scopesToRequest).toEqual([
        'tasks:create',
        'gpu',
        'tasks:read',
        'tasks:cancel',
      ]);
      expect(refusal.message).toBe(
        'This request needs the scope(s) tasks:create gpu; ask the authorization server for a token that grants them, along with the ones it has: tasks:read tasks:cancel',
      );
    }
  });

  it('requires nothing in anonymous mode', () => {
    const open = new AccessPolicy({ ...RULES, enforced: false }, registry);
    expect(() => open.authorize(principal(), callTool('declared'))).not.toThrow();
    expect(open.supportedScopes()).toEqual([]);
  });

  it('refuses to start with scopes for a tool the server does not have', () => {
    expect(() => new AccessPolicy({ ...RULES, tools: { typo: ['x'] } }, registry)).toThrow(
      "TASK_MCP_AUTH_TOOL_SCOPES: this server has no tool named 'typo'",
    );
  });
});
