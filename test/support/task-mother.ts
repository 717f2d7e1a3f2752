import type { Principal } from '../../src/application/ports/identity-provider.js';
import {
  createTask,
  DEFAULT_VARIABLE_LIMITS,
  ownerFromIdentity,
  type JsonObject,
  type OwnerId,
  type Task,
  type TaskId,
} from '../../src/domain/index.js';

let counter = 0;

export function aTaskId(): TaskId {
  counter++;
  return `task-${String(counter).padStart(12, '0')}-${Math.random().toString(36).slice(2, 8)}` as TaskId;
}

export function anOwner(name = 'alice'): OwnerId {
  return ownerFromIdentity('https://issuer.test', name);
}

export function aTask(
  overrides: Partial<{
    id: TaskId;
    owner: OwnerId;
    now: number;
    ttlMs: number;
    variables: JsonObject;
    toolName: string;
  }> = {},
): Task {
  return createTask(
    {
      id: overrides.id ?? aTaskId(),
      owner: overrides.owner ?? anOwner(),
      toolName: overrides.toolName ?? 'wait',
      ttlMs: overrides.ttlMs ?? 60_000,
      pollIntervalMs: 1000,
      variables: overrides.variables ?? {},
      now: overrides.now ?? 1_000_000,
    },
    DEFAULT_VARIABLE_LIMITS,
  );
}

/** A caller: `name`'s owner (at the test issuer) holding `scopes`. */
export function aPrincipal(name = 'alice', scopes: readonly string[] = []): Principal {
  return { owner: anOwner(name), scopes };
}
