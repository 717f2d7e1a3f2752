import {
  ANSWER_TASKS,
  CANCEL_TASKS,
  callTool,
  READ_TASKS,
  type Operation,
} from '../../application/policy/access-policy.js';

/**
 * The scoped operations a JSON-RPC body asks for (one message or a batch), so the HTTP layer can
 * answer 403 with a proper challenge before anything runs. The use cases check again.
 */
export function operationsIn(body: unknown): Operation[] {
  const messages: unknown[] = Array.isArray(body) ? body : [body];
  const operations: Operation[] = [];
  for (const message of messages) {
    if (typeof message !== 'object' || message === null) continue;
    const { method, params } = message as { method?: unknown; params?: unknown };
    switch (method) {
      case 'tasks/get':
      case 'tasks/result':
      case 'tasks/list':
        operations.push(READ_TASKS);
        break;
      case 'tasks/cancel':
        operations.push(CANCEL_TASKS);
        break;
      case 'tasks/update':
        operations.push(ANSWER_TASKS);
        break;
      case 'tools/call': {
        const name = (params as { name?: unknown } | undefined)?.name;
        operations.push(callTool(typeof name === 'string' ? name : ''));
        break;
      }
    }
  }
  return operations;
}
