import type { Newable } from 'inversify';
import { SystemClock } from '../../../src/adapters/clock/system-clock.js';
import { AesGcmCursorSeal } from '../../../src/adapters/crypto/aes-gcm-cursor-seal.js';
import { AesGcmRequestStateSeal } from '../../../src/adapters/crypto/aes-gcm-request-state-seal.js';
import { CryptoIdGenerator } from '../../../src/adapters/ids/crypto-id-generator.js';
import { LOG_LEVEL, StderrLogger } from '../../../src/adapters/logging/stderr-logger.js';
import { ElicitationAnswerCheck } from '../../../src/adapters/mcp/elicitation-answer-check.js';
import { SERVER_INFO } from '../../../src/adapters/mcp/server-info.js';
import { AccessPolicy } from '../../../src/application/policy/access-policy.js';
import {
  DEFAULT_DIALOGUE_POLICY,
  DIALOGUE_POLICY,
} from '../../../src/application/policy/dialogue-policy.js';
import { TASK_POLICY } from '../../../src/application/policy/task-policy.js';
import { CLOCK } from '../../../src/application/ports/clock.js';
import { CURSOR_SEAL } from '../../../src/application/ports/cursor-seal.js';
import { REQUEST_STATE_SEAL } from '../../../src/application/ports/request-state-seal.js';
import { ID_GENERATOR } from '../../../src/application/ports/id-generator.js';
import { INPUT_CHECK } from '../../../src/application/ports/input-check.js';
import { LOGGER } from '../../../src/application/ports/logger.js';
import { LockManager } from '../../../src/application/services/lock-manager.js';
import { ProcessSlots } from '../../../src/application/services/process-slots.js';
import { RateLimits } from '../../../src/application/services/rate-limits.js';
import { RunHolds } from '../../../src/application/services/run-holds.js';
import { TaskCanceller } from '../../../src/application/services/task-canceller.js';
import { TaskIntake } from '../../../src/application/services/task-intake.js';
import { TaskResultWaiter } from '../../../src/application/services/task-result-waiter.js';
import { TaskRunner } from '../../../src/application/services/task-runner.js';
import { TaskUpdater } from '../../../src/application/services/task-updater.js';
import { TaskWatch } from '../../../src/application/services/task-watch.js';
import { ToolCallPreparer } from '../../../src/application/services/tool-call-preparer.js';
import { ToolRegistry } from '../../../src/application/services/tool-registry.js';
import { WorkAdmission } from '../../../src/application/services/work-admission.js';
import { AnswerTaskInput } from '../../../src/application/use-cases/answer-task-input.js';
import { AwaitTaskResult } from '../../../src/application/use-cases/await-task-result.js';
import { CancelTask } from '../../../src/application/use-cases/cancel-task.js';
import { CleanupExpired } from '../../../src/application/use-cases/cleanup-expired.js';
import { CreateTask } from '../../../src/application/use-cases/create-task.js';
import { GetTask } from '../../../src/application/use-cases/get-task.js';
import { ListTasks } from '../../../src/application/use-cases/list-tasks.js';
import { RunToolInline } from '../../../src/application/use-cases/run-tool-inline.js';
import { RunToolNow } from '../../../src/application/use-cases/run-tool-now.js';
import { dialoguePolicyFrom, taskPolicyFrom } from '../../../src/composition/bindings/core.js';
import { buildContainer } from '../../../src/composition/container.js';
import { loadConfig } from '../../../src/composition/config/load-config.js';
import { packageInfo } from '../../../src/composition/package-info.js';
import { isolatedProcessEnv, isolatedSettings } from '../../support/isolated-env.js';

const config = (settings: Record<string, string> = {}) => loadConfig(isolatedSettings(settings));
const build = (settings: Record<string, string> = {}) =>
  buildContainer(config(settings), isolatedProcessEnv());

describe('taskPolicyFrom', () => {
  it('reads every task limit from the settings', () => {
    expect(
      taskPolicyFrom(
        config({
          TASK_MCP_DEFAULT_TTL_MS: '60000',
          TASK_MCP_MAX_TTL_MS: '120000',
          TASK_MCP_MAX_TASKS_PER_OWNER: '7',
          TASK_MCP_MAX_CONCURRENT_TASKS_PER_OWNER: '3',
          TASK_MCP_MAX_VARIABLE_BYTES: '5000',
          TASK_MCP_MAX_VARIABLE_DEPTH: '9',
          TASK_MCP_MAX_STRING_BYTES: '2000',
          TASK_MCP_POLL_INTERVAL_MS: '750',
          TASK_MCP_MAX_RESULT_BYTES: '65536',
          TASK_MCP_LIST_PAGE_SIZE: '20',
          TASK_MCP_LEASE_MS: '45000',
          // Leases are a PostgreSQL setting.
          TASK_MCP_STORE: 'postgres',
          TASK_MCP_DATABASE_URL: 'postgres://db.example.test/tasks',
          TASK_MCP_MAX_JOB_PROCESSES: '4',
        }),
      ),
    ).toEqual({
      ttl: { defaultTtlMs: 60000, maxTtlMs: 120000 },
      limits: { maxTasksPerOwner: 7, maxConcurrentTasksPerOwner: 3 },
      variables: { maxTotalBytes: 5000, maxDepth: 9, maxStringBytes: 2000 },
      pollIntervalMs: 750,
      maxResultBytes: 65536,
      listPageSize: 20,
      leaseMs: 45000,
      maxJobProcesses: 4,
    });
  });
});

describe('dialoguePolicyFrom', () => {
  it('takes the requestState ttl from the settings and every other bound from the defaults', () => {
    expect(dialoguePolicyFrom(config({ TASK_MCP_REQUEST_STATE_TTL_MS: '5000' }))).toEqual({
      ...DEFAULT_DIALOGUE_POLICY,
      stateTtlMs: 5000,
    });
    expect(dialoguePolicyFrom(config()).stateTtlMs).toBe(600_000);
  });
});

describe('the core binding', () => {
  it('binds the task policy and the log level from the settings', () => {
    const settings = {
      TASK_MCP_MAX_TASKS_PER_OWNER: '9',
      TASK_MCP_MAX_CONCURRENT_TASKS_PER_OWNER: '2',
      TASK_MCP_LOG_LEVEL: 'warn',
    };
    const container = build(settings);
    expect(container.get(TASK_POLICY)).toEqual(taskPolicyFrom(config(settings)));
    expect(container.get(LOG_LEVEL)).toBe('warn');
    expect(container.get(DIALOGUE_POLICY)).toEqual(dialoguePolicyFrom(config(settings)));
  });

  it('binds the system adapters to their ports', () => {
    const container = build();
    expect(container.get(LOGGER)).toBeInstanceOf(StderrLogger);
    expect(container.get(CLOCK)).toBeInstanceOf(SystemClock);
    expect(container.get(ID_GENERATOR)).toBeInstanceOf(CryptoIdGenerator);
    expect(container.get(INPUT_CHECK)).toBeInstanceOf(ElicitationAnswerCheck);
    expect(container.get(CURSOR_SEAL)).toBeInstanceOf(AesGcmCursorSeal);
    expect(container.get(REQUEST_STATE_SEAL)).toBeInstanceOf(AesGcmRequestStateSeal);
  });

  it('names the server as the package does', () => {
    const { name, version } = packageInfo();
    expect(build().get(SERVER_INFO)).toEqual({ name, version });
    expect(name).toBe('task-mcp');
  });

  it('makes every service and use case, once, with nothing built by hand', async () => {
    const container = build();
    const parts: Newable[] = [
      ToolRegistry,
      AccessPolicy,
      LockManager,
      TaskUpdater,
      TaskWatch,
      TaskRunner,
      TaskResultWaiter,
      TaskCanceller,
      WorkAdmission,
      ProcessSlots,
      RateLimits,
      ToolCallPreparer,
      RunHolds,
      TaskIntake,
      CreateTask,
      RunToolNow,
      RunToolInline,
      GetTask,
      AwaitTaskResult,
      ListTasks,
      CancelTask,
      AnswerTaskInput,
      CleanupExpired,
    ];
    for (const part of parts) {
      const made = container.get(part);
      expect(made).toBeInstanceOf(part);
      expect(container.get(part)).toBe(made);
    }
    await container.get(TaskRunner).shutdown();
  });
});
