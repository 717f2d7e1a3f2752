import type { Container, Newable } from 'inversify';
import { CLOCK } from '../../application/ports/clock.js';
import { CURSOR_SEAL } from '../../application/ports/cursor-seal.js';
import { REQUEST_STATE_SEAL } from '../../application/ports/request-state-seal.js';
import { ID_GENERATOR } from '../../application/ports/id-generator.js';
import { INPUT_CHECK } from '../../application/ports/input-check.js';
import { LOGGER } from '../../application/ports/logger.js';
import { AccessPolicy } from '../../application/policy/access-policy.js';
import {
  DEFAULT_DIALOGUE_POLICY,
  DIALOGUE_POLICY,
  type DialoguePolicy,
} from '../../application/policy/dialogue-policy.js';
import { TASK_POLICY, type TaskPolicy } from '../../application/policy/task-policy.js';
import { LockManager } from '../../application/services/lock-manager.js';
import { TaskCanceller } from '../../application/services/task-canceller.js';
import { TaskResultWaiter } from '../../application/services/task-result-waiter.js';
import { TaskRunner } from '../../application/services/task-runner.js';
import { TaskUpdater } from '../../application/services/task-updater.js';
import { TaskWatch } from '../../application/services/task-watch.js';
import { ToolRegistry } from '../../application/services/tool-registry.js';
import { WorkAdmission } from '../../application/services/work-admission.js';
import { ProcessSlots } from '../../application/services/process-slots.js';
import { RateLimits } from '../../application/services/rate-limits.js';
import { RunHolds } from '../../application/services/run-holds.js';
import { TaskIntake } from '../../application/services/task-intake.js';
import { ToolCallPreparer } from '../../application/services/tool-call-preparer.js';
import { AnswerTaskInput } from '../../application/use-cases/answer-task-input.js';
import { AwaitTaskResult } from '../../application/use-cases/await-task-result.js';
import { CancelTask } from '../../application/use-cases/cancel-task.js';
import { CleanupExpired } from '../../application/use-cases/cleanup-expired.js';
import { CreateTask } from '../../application/use-cases/create-task.js';
import { FollowTasks } from '../../application/use-cases/follow-tasks.js';
import { GetTask } from '../../application/use-cases/get-task.js';
import { ListTasks } from '../../application/use-cases/list-tasks.js';
import { RunToolInline } from '../../application/use-cases/run-tool-inline.js';
import { RunToolNow } from '../../application/use-cases/run-tool-now.js';
import { AesGcmCursorSeal } from '../../adapters/crypto/aes-gcm-cursor-seal.js';
import { AesGcmRequestStateSeal } from '../../adapters/crypto/aes-gcm-request-state-seal.js';
import { SystemClock } from '../../adapters/clock/system-clock.js';
import { CryptoIdGenerator } from '../../adapters/ids/crypto-id-generator.js';
import { LOG_LEVEL, StderrLogger } from '../../adapters/logging/stderr-logger.js';
import { ElicitationAnswerCheck } from '../../adapters/mcp/elicitation-answer-check.js';
import { SERVER_INFO } from '../../adapters/mcp/server-info.js';
import type { Config } from '../config/load-config.js';
import { packageInfo } from '../package-info.js';

export function taskPolicyFrom(config: Config): TaskPolicy {
  return {
    ttl: { defaultTtlMs: config.TASK_MCP_DEFAULT_TTL_MS, maxTtlMs: config.TASK_MCP_MAX_TTL_MS },
    limits: {
      maxTasksPerOwner: config.TASK_MCP_MAX_TASKS_PER_OWNER,
      maxConcurrentTasksPerOwner: config.TASK_MCP_MAX_CONCURRENT_TASKS_PER_OWNER,
    },
    variables: {
      maxTotalBytes: config.TASK_MCP_MAX_VARIABLE_BYTES,
      maxDepth: config.TASK_MCP_MAX_VARIABLE_DEPTH,
      maxStringBytes: config.TASK_MCP_MAX_STRING_BYTES,
    },
    pollIntervalMs: config.TASK_MCP_POLL_INTERVAL_MS,
    maxResultBytes: config.TASK_MCP_MAX_RESULT_BYTES,
    listPageSize: config.TASK_MCP_LIST_PAGE_SIZE,
    leaseMs: config.TASK_MCP_LEASE_MS,
    maxJobProcesses: config.TASK_MCP_MAX_JOB_PROCESSES,
  };
}

/** The bounds of 2026-07-28 inline dialogues: the defaults, with the ttl from the settings. */
export function dialoguePolicyFrom(config: Config): DialoguePolicy {
  return { ...DEFAULT_DIALOGUE_POLICY, stateTtlMs: config.TASK_MCP_REQUEST_STATE_TTL_MS };
}

/** The task core: clock, ids and logging, the services, the use cases and the MCP server. */
export function bindCore(container: Container, config: Config): void {
  container.bind(TASK_POLICY).toConstantValue(taskPolicyFrom(config));
  container.bind(DIALOGUE_POLICY).toConstantValue(dialoguePolicyFrom(config));
  container.bind(LOG_LEVEL).toConstantValue(config.TASK_MCP_LOG_LEVEL);
  container.bind(LOGGER).to(StderrLogger);
  container.bind(CLOCK).to(SystemClock);
  container.bind(ID_GENERATOR).to(CryptoIdGenerator);
  container.bind(INPUT_CHECK).to(ElicitationAnswerCheck);
  const { name, version } = packageInfo();
  container.bind(SERVER_INFO).toConstantValue({ name, version });

  container.bind(CURSOR_SEAL).to(AesGcmCursorSeal);
  container.bind(REQUEST_STATE_SEAL).to(AesGcmRequestStateSeal);

  const services: Newable[] = [
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
    FollowTasks,
    AwaitTaskResult,
    ListTasks,
    CancelTask,
    AnswerTaskInput,
    CleanupExpired,
  ];
  for (const service of services) container.bind(service).toSelf();
}
