import 'reflect-metadata';
import { z } from 'zod';
import {
  AccessPolicy,
  DEFAULT_SCOPE_RULES,
  type ScopeRules,
} from '../../../src/application/policy/access-policy.js';
import {
  DEFAULT_TASK_POLICY,
  type TaskPolicy,
} from '../../../src/application/policy/task-policy.js';
import type { AuditEvent, AuditLog } from '../../../src/application/ports/audit-log.js';
import type { Principal } from '../../../src/application/ports/identity-provider.js';
import type { TaskTool } from '../../../src/application/ports/task-tool.js';
import { ToolCallPreparer } from '../../../src/application/services/tool-call-preparer.js';
import { ToolRegistry } from '../../../src/application/services/tool-registry.js';
import {
  InsufficientScopeError,
  InvalidToolArgumentsError,
  UnknownToolError,
} from '../../../src/application/shared/errors.js';
import {
  TtlTooLongError,
  VariableLimitExceededError,
  type TaskId,
} from '../../../src/domain/index.js';
import { FakeClock } from '../../support/fake-clock.js';
import { anOwner } from '../../support/task-mother.js';
import { text } from '../../support/test-tools.js';

const echo: TaskTool = {
  name: 'echo',
  description: 'Says its label back',
  inputSchema: z.object({ label: z.string(), times: z.number().default(1) }),
  taskSupport: 'optional',
  run: async () => text('done'),
};

const alice: Principal = { owner: anOwner('alice'), scopes: [] };

function world(options: { rules?: ScopeRules; policy?: TaskPolicy } = {}): {
  preparer: ToolCallPreparer;
  recorded: AuditEvent[];
  clock: FakeClock;
  issued: TaskId[];
} {
  const recorded: AuditEvent[] = [];
  const audit: AuditLog = { record: (event) => recorded.push(event) };
  const registry = new ToolRegistry([echo]);
  const clock = new FakeClock();
  const issued: TaskId[] = [];
  const ids = {
    newTaskId: () => {
      const id = `task-${issued.length + 1}` as TaskId;
      issued.push(id);
      return id;
    },
  };
  const access = new AccessPolicy(options.rules ?? DEFAULT_SCOPE_RULES, registry, audit);
  const policy = options.policy ?? DEFAULT_TASK_POLICY;
  const preparer = new ToolCallPreparer(access, registry, policy, ids, clock, audit);
  return { preparer, recorded, clock, issued };
}

describe('ToolCallPreparer', () => {
  it('turns a call into its tool, its parsed arguments and the new task, unstored', () => {
    const w = world();
    const call = w.preparer.prepare(alice, { toolName: 'echo', arguments: { label: 'x' } });
    expect(call.tool).toBe(echo);
    expect(call.args).toEqual({ label: 'x', times: 1 });
    expect(call.task).toMatchObject({
      id: 'task-1',
      owner: alice.owner,
      toolName: 'echo',
      status: 'working',
      createdAt: w.clock.now(),
      ttlMs: DEFAULT_TASK_POLICY.ttl.defaultTtlMs,
      pollIntervalMs: DEFAULT_TASK_POLICY.pollIntervalMs,
      variables: { label: 'x' },
    });
    expect(w.recorded).toEqual([]);
  });

  it('gives the task the ttl asked for, and refuses one over the maximum', () => {
    const w = world();
    const call = w.preparer.prepare(alice, {
      toolName: 'echo',
      arguments: { label: 'x' },
      ttl: 60_000,
    });
    expect(call.task.ttlMs).toBe(60_000);
    expect(() =>
      w.preparer.prepare(alice, {
        toolName: 'echo',
        arguments: { label: 'x' },
        ttl: DEFAULT_TASK_POLICY.ttl.maxTtlMs + 1,
      }),
    ).toThrow(TtlTooLongError);
  });

  it('refuses an unknown tool', () => {
    const w = world();
    expect(() => w.preparer.prepare(alice, { toolName: 'nope', arguments: {} })).toThrow(
      UnknownToolError,
    );
    expect(w.issued).toEqual([]);
  });

  it('refuses arguments the schema rejects, naming them, and records the refusal', () => {
    const w = world();
    expect(() => w.preparer.prepare(alice, { toolName: 'echo', arguments: { label: 5 } })).toThrow(
      new InvalidToolArgumentsError(
        "Invalid arguments for tool 'echo': label: Invalid input: expected string, received number",
      ),
    );
    expect(w.recorded).toEqual([
      {
        event: 'parameter.refused',
        severity: 'warn',
        owner: alice.owner,
        detail: {
          tool: 'echo',
          problems: 'label: Invalid input: expected string, received number',
        },
      },
    ]);
    expect(w.issued).toEqual([]);
  });

  it('checks the scopes first, so a caller without them learns nothing about the tool', () => {
    const w = world({ rules: { ...DEFAULT_SCOPE_RULES, enforced: true } });
    expect(() => w.preparer.prepare(alice, { toolName: 'nope', arguments: {} })).toThrow(
      InsufficientScopeError,
    );
    const allowed = { ...alice, scopes: ['tasks:create'] };
    expect(
      w.preparer.prepare(allowed, { toolName: 'echo', arguments: { label: 'x' } }).task.toolName,
    ).toBe('echo');
  });

  it('keeps the arguments within the variable limits', () => {
    const w = world({
      policy: {
        ...DEFAULT_TASK_POLICY,
        variables: { ...DEFAULT_TASK_POLICY.variables, maxStringBytes: 8 },
      },
    });
    expect(() =>
      w.preparer.prepare(alice, { toolName: 'echo', arguments: { label: 'x'.repeat(9) } }),
    ).toThrow(VariableLimitExceededError);
  });
});
