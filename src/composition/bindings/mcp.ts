import type { Container, Newable } from 'inversify';
import { INBOUND_LIMITS, inboundLimits } from '../../adapters/mcp/inbound/inbound-limits.js';
import { MessageClassifier } from '../../adapters/mcp/inbound/message-classifier.js';
import { RequestAdmission } from '../../adapters/mcp/inbound/request-admission.js';
import { ClientLinks } from '../../adapters/mcp/link/client-links.js';
import { QuestionRelays } from '../../adapters/mcp/link/question-relay.js';
import { TextConnections } from '../../adapters/mcp/link/text-connection.js';
import { FirstQuestion } from '../../adapters/mcp/methods/first-question.js';
import { McpDispatcher } from '../../adapters/mcp/methods/mcp-dispatcher.js';
import { MCP_METHOD } from '../../adapters/mcp/methods/mcp-method.js';
import { MCP_METHODS } from '../../adapters/mcp/methods/method-list.js';
import { MethodTable } from '../../adapters/mcp/methods/method-table.js';
import { InProcessClients } from '../../adapters/in-process/in-process-transport.js';
import { LISTEN_LIMITS } from '../../adapters/mcp/subscriptions/listen-limits.js';
import { TaskSubscriptions } from '../../adapters/mcp/subscriptions/task-subscriptions.js';
import { BoundedResultWait } from '../../adapters/mcp/taskless/bounded-result-wait.js';
import { HandleTools } from '../../adapters/mcp/taskless/handle-tools.js';
import { TasklessCalls } from '../../adapters/mcp/taskless/taskless-calls.js';
import { TASKLESS_CLIENTS } from '../../adapters/mcp/taskless/taskless-clients.js';
import { TasklessToolList } from '../../adapters/mcp/taskless/taskless-tool-list.js';
import type { Config } from '../config/load-config.js';

/** Task ids one subscriptions/listen may name. */
const MAX_TASK_IDS_PER_LISTEN = 100;

/**
 * MCP itself, for every transport: the inbound steps (read, classify, admit), the method table and
 * its dispatch, the 2025-11-25 connections, the in-process transport, and the fallback for clients
 * that cannot do tasks (TASK_MCP_TASKLESS_CLIENTS).
 */
export function bindMcp(container: Container, config: Config): void {
  container.bind(INBOUND_LIMITS).toConstantValue(inboundLimits(config.TASK_MCP_MAX_VARIABLE_DEPTH));
  container.bind(LISTEN_LIMITS).toConstantValue({
    maxTaskIds: MAX_TASK_IDS_PER_LISTEN,
    perOwner: config.TASK_MCP_MAX_LISTENS_PER_OWNER,
    total: config.TASK_MCP_MAX_LISTENS,
  });
  container.bind(TASKLESS_CLIENTS).toConstantValue(config.TASK_MCP_TASKLESS_CLIENTS);
  for (const method of MCP_METHODS) container.bind(MCP_METHOD).to(method);
  const parts: Newable[] = [
    MethodTable,
    MessageClassifier,
    RequestAdmission,
    McpDispatcher,
    ClientLinks,
    QuestionRelays,
    FirstQuestion,
    TextConnections,
    InProcessClients,
    TaskSubscriptions,
    BoundedResultWait,
    HandleTools,
    TasklessCalls,
    TasklessToolList,
  ];
  for (const part of parts) container.bind(part).toSelf();
}
