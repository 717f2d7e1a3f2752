import 'reflect-metadata';
import { z } from 'zod';
import type { InboundMessage } from '../../../../src/adapters/mcp/inbound/inbound-message.js';
import { RequestAdmission } from '../../../../src/adapters/mcp/inbound/request-admission.js';
import { invalidRequest } from '../../../../src/adapters/mcp/json-rpc/error-table.js';
import {
  AccessPolicy,
  callTool,
  CANCEL_TASKS,
  DEFAULT_SCOPE_RULES,
  READ_TASKS,
} from '../../../../src/application/policy/access-policy.js';
import type { RateBudget } from '../../../../src/application/ports/rate-limiter.js';
import type { TaskTool } from '../../../../src/application/ports/task-tool.js';
import { RateLimits } from '../../../../src/application/services/rate-limits.js';
import { ToolRegistry } from '../../../../src/application/services/tool-registry.js';
import {
  InsufficientScopeError,
  RateLimitedError,
} from '../../../../src/application/shared/errors.js';
import { FixedBudgets } from '../../../support/fixed-budgets.js';
import { anInboundReply, anInboundRequest } from '../../../support/inbound.js';
import { RecordingAuditLog } from '../../../support/recording-audit-log.js';
import { aPrincipal } from '../../../support/task-mother.js';

const secured: TaskTool = {
  name: 'secured',
  description: 'needs a scope of its own',
  inputSchema: z.object({}),
  taskSupport: 'optional',
  requiredScopes: ['secured:run'],
  run: async () => ({ content: [] }),
};

function world(
  options: { enforced?: boolean; budgets?: Partial<Record<RateBudget, number>> } = {},
) {
  const audit = new RecordingAuditLog();
  const limiter = new FixedBudgets(options.budgets ?? { requests: 100, creates: 100 });
  const access = new AccessPolicy(
    { ...DEFAULT_SCOPE_RULES, enforced: options.enforced ?? true },
    new ToolRegistry([secured]),
    audit,
  );
  return {
    audit,
    limiter,
    admission: new RequestAdmission(access, new RateLimits(limiter, audit)),
  };
}

const read = anInboundRequest({ id: 1, method: 'tasks/get', operation: READ_TASKS });
const call = (tool: string, id = 2) =>
  anInboundRequest({ id, method: 'tools/call', operation: callTool(tool), creates: 1 });
const ping = anInboundRequest({ id: 3, method: 'ping' });
const notification: InboundMessage = { kind: 'notification', method: 'n', params: {} };
const invalid: InboundMessage = { kind: 'invalid', id: 4, error: invalidRequest('bad') };

function scopeRefusal(authorize: () => void): InsufficientScopeError {
  try {
    authorize();
  } catch (error) {
    if (error instanceof InsufficientScopeError) return error;
    throw error;
  }
  throw new Error('the messages were authorized');
}

describe('RequestAdmission.authorize', () => {
  it("refuses a request outside the caller's scopes, naming the scopes it needs", () => {
    const { admission, audit } = world();
    const refusal = scopeRefusal(() => admission.authorize(aPrincipal('alice', []), [read]));
    expect(refusal.requiredScopes).toEqual(['tasks:read']);
    expect(audit.named('scope.refused')).toHaveLength(1);
  });

  it("takes the scope to create tasks for a reply to one of the server's questions", () => {
    const { admission } = world();
    const reader = aPrincipal('alice', ['tasks:read']);
    const refusal = scopeRefusal(() => admission.authorize(reader, [anInboundReply(1)]));
    expect(refusal.requiredScopes).toEqual(['tasks:create']);
    expect(refusal.scopesToRequest).toEqual(['tasks:create', 'tasks:read']);
    const creator = aPrincipal('alice', ['tasks:create']);
    expect(() => admission.authorize(creator, [anInboundReply(1)])).not.toThrow();
  });

  it('names every scope a batch needs when any of its messages is not covered', () => {
    const { admission } = world();
    const caller = aPrincipal('alice', ['tasks:read', 'tasks:create']);
    const batch = [read, call('secured'), anInboundReply(9)];
    const refusal = scopeRefusal(() => admission.authorize(caller, batch));
    expect(refusal.requiredScopes).toEqual(['tasks:read', 'tasks:create', 'secured:run']);
    const everything = aPrincipal('alice', ['tasks:read', 'tasks:create', 'secured:run']);
    expect(() => admission.authorize(everything, batch)).not.toThrow();
  });

  it('asks nothing of messages that do nothing scoped', () => {
    const { admission, audit } = world();
    const nobody = aPrincipal('alice', []);
    expect(() => admission.authorize(nobody, [ping, notification, invalid])).not.toThrow();
    expect(() => admission.authorize(nobody, [])).not.toThrow();
    expect(audit.events).toEqual([]);
  });

  it('asks nothing when scopes are not enforced (anonymous mode)', () => {
    const { admission } = world({ enforced: false });
    const nobody = aPrincipal('alice', []);
    const everything = [
      read,
      call('secured'),
      anInboundRequest({ operation: CANCEL_TASKS }),
      anInboundReply(1),
    ];
    expect(() => admission.authorize(nobody, everything)).not.toThrow();
  });
});

describe('RequestAdmission.spend', () => {
  const alice = aPrincipal('alice', []);

  it('spends one request unit per request of a batch and one creation per tools/call', async () => {
    const { admission, limiter } = world();
    await admission.spend(
      alice,
      [read, call('wait', 5), call('wait', 6), ping, notification, invalid, anInboundReply(1)],
      0,
    );
    expect(limiter.spent).toEqual([
      { budget: 'requests', points: 4 },
      { budget: 'creates', points: 2 },
    ]);
  });

  it('spends for a request what it costs alone', async () => {
    const { admission, limiter } = world();
    await admission.spend(alice, [call('wait')], 0);
    await admission.spend(alice, [ping], 0);
    expect(limiter.spent).toEqual([
      { budget: 'requests', points: 1 },
      { budget: 'creates', points: 1 },
      { budget: 'requests', points: 1 },
    ]);
  });

  it('leaves out the requests already paid for before the body was read', async () => {
    const { admission, limiter } = world();
    await admission.spend(alice, [read, ping, call('wait')], 1);
    expect(limiter.spent).toEqual([
      { budget: 'requests', points: 2 },
      { budget: 'creates', points: 1 },
    ]);
    limiter.spent.length = 0;
    await admission.spend(alice, [ping], 3);
    expect(limiter.spent).toEqual([]);
  });

  it('refuses a batch that costs more than the budget has left, creating nothing', async () => {
    const { admission, limiter, audit } = world({ budgets: { requests: 2, creates: 10 } });
    const refusal = admission.spend(alice, [ping, read, call('wait')], 0);
    await expect(refusal).rejects.toBeInstanceOf(RateLimitedError);
    await expect(refusal).rejects.toMatchObject({ budget: 'requests', retryAfterMs: 2500 });
    expect(limiter.spent).toEqual([{ budget: 'requests', points: 3 }]);
    expect(audit.named('rate.limited')).toHaveLength(1);
  });

  it('refuses creations past their budget once the requests are paid', async () => {
    const { admission } = world({ budgets: { requests: 10, creates: 1 } });
    await admission.spend(alice, [call('wait', 1)], 0);
    await expect(admission.spend(alice, [call('wait', 2)], 0)).rejects.toMatchObject({
      budget: 'creates',
    });
  });
});
