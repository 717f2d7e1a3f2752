import type { Newable } from 'inversify';
import { Initialize } from './initialize.js';
import { LoggingSetLevel } from './logging-set-level.js';
import type { McpMethod } from './mcp-method.js';
import { Ping } from './ping.js';
import { ServerDiscover } from './server-discover.js';
import { SubscriptionsListen } from './subscriptions-listen.js';
import { TasksCancel } from './tasks-cancel.js';
import { TasksGet } from './tasks-get.js';
import { TasksList } from './tasks-list.js';
import { TasksResult } from './tasks-result.js';
import { TasksUpdate } from './tasks-update.js';
import { ToolsCall } from './tools-call.js';
import { ToolsList } from './tools-list.js';

/**
 * Every MCP method this server serves, on any protocol version: the list the method table is
 * built from. Adding a method is a file of its own and a line here.
 */
export const MCP_METHODS: readonly Newable<McpMethod>[] = [
  Initialize,
  Ping,
  LoggingSetLevel,
  ServerDiscover,
  ToolsList,
  ToolsCall,
  TasksGet,
  TasksResult,
  TasksList,
  TasksCancel,
  TasksUpdate,
  SubscriptionsListen,
];
