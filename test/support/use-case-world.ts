import {
  CONSUMED_REQUEST_STATES,
  type ConsumedRequestStates,
} from '../../src/application/ports/consumed-request-states.js';
import type { Principal } from '../../src/application/ports/identity-provider.js';
import { TASK_EVENTS, type TaskEvents } from '../../src/application/ports/task-events.js';
import { TASK_STORE, type TaskStore } from '../../src/application/ports/task-store.js';
import { TaskRunner } from '../../src/application/services/task-runner.js';
import { WorkAdmission } from '../../src/application/services/work-admission.js';
import { ProcessSlots } from '../../src/application/services/process-slots.js';
import { AnswerTaskInput } from '../../src/application/use-cases/answer-task-input.js';
import { AwaitTaskResult } from '../../src/application/use-cases/await-task-result.js';
import { CancelTask } from '../../src/application/use-cases/cancel-task.js';
import { CleanupExpired } from '../../src/application/use-cases/cleanup-expired.js';
import { CreateTask } from '../../src/application/use-cases/create-task.js';
import { FollowTasks } from '../../src/application/use-cases/follow-tasks.js';
import { GetTask } from '../../src/application/use-cases/get-task.js';
import { ListTasks } from '../../src/application/use-cases/list-tasks.js';
import { RunToolNow } from '../../src/application/use-cases/run-tool-now.js';
import { anOwner } from './task-mother.js';
import { testContainer } from './test-container.js';
import { GateTool } from './test-tools.js';

/** Two callers with no scopes (the test containers run in anonymous mode: scopes not enforced). */
export const alice: Principal = { owner: anOwner('alice'), scopes: [] };
export const bob: Principal = { owner: anOwner('bob'), scopes: [] };

/**
 * The real container (fake clock, silent log) with three gate tools a test releases by hand:
 * `gate` (optional), `gate_required`, and `gate_slow` (optional, slow to stop); and every use case.
 */
export function useCaseWorld(env: Record<string, string> = {}) {
  const gate = new GateTool();
  const required = Object.assign(new GateTool('required'), { name: 'gate_required' });
  const slow = Object.assign(new GateTool('optional', true), { name: 'gate_slow' });
  const { container, clock } = testContainer(env, [gate, required, slow]);
  return {
    gate,
    slow,
    required,
    clock,
    store: container.get<TaskStore>(TASK_STORE),
    events: container.get<TaskEvents>(TASK_EVENTS),
    consumedStates: container.get<ConsumedRequestStates>(CONSUMED_REQUEST_STATES),
    runner: container.get(TaskRunner),
    admission: container.get(WorkAdmission),
    processSlots: container.get(ProcessSlots),
    create: container.get(CreateTask),
    get: container.get(GetTask),
    follow: container.get(FollowTasks),
    result: container.get(AwaitTaskResult),
    list: container.get(ListTasks),
    cancel: container.get(CancelTask),
    cleanup: container.get(CleanupExpired),
    runNow: container.get(RunToolNow),
    answer: container.get(AnswerTaskInput),
  };
}
