import type { Newable } from 'inversify';
import { InProcessClients } from '../../../src/adapters/in-process/in-process-transport.js';
import {
  INBOUND_LIMITS,
  inboundLimits,
  type InboundLimits,
} from '../../../src/adapters/mcp/inbound/inbound-limits.js';
import { MessageClassifier } from '../../../src/adapters/mcp/inbound/message-classifier.js';
import { RequestAdmission } from '../../../src/adapters/mcp/inbound/request-admission.js';
import { ClientLinks } from '../../../src/adapters/mcp/link/client-links.js';
import { QuestionRelays } from '../../../src/adapters/mcp/link/question-relay.js';
import { TextConnections } from '../../../src/adapters/mcp/link/text-connection.js';
import { FirstQuestion } from '../../../src/adapters/mcp/methods/first-question.js';
import { McpDispatcher } from '../../../src/adapters/mcp/methods/mcp-dispatcher.js';
import { MCP_METHOD, type McpMethod } from '../../../src/adapters/mcp/methods/mcp-method.js';
import { MCP_METHODS } from '../../../src/adapters/mcp/methods/method-list.js';
import { MethodTable } from '../../../src/adapters/mcp/methods/method-table.js';
import { BoundedResultWait } from '../../../src/adapters/mcp/taskless/bounded-result-wait.js';
import { HandleTools } from '../../../src/adapters/mcp/taskless/handle-tools.js';
import { TasklessCalls } from '../../../src/adapters/mcp/taskless/taskless-calls.js';
import { TASKLESS_CLIENTS } from '../../../src/adapters/mcp/taskless/taskless-clients.js';
import { TasklessToolList } from '../../../src/adapters/mcp/taskless/taskless-tool-list.js';
import { buildContainer } from '../../../src/composition/container.js';
import { loadConfig } from '../../../src/composition/config/load-config.js';
import { isolatedProcessEnv, isolatedSettings } from '../../support/isolated-env.js';

const build = (settings: Record<string, string> = {}) =>
  buildContainer(loadConfig(isolatedSettings(settings)), isolatedProcessEnv());

const EVERY_METHOD = [
  'initialize',
  'ping',
  'logging/setLevel',
  'server/discover',
  'tools/list',
  'tools/call',
  'tasks/get',
  'tasks/result',
  'tasks/list',
  'tasks/cancel',
  'tasks/update',
  'subscriptions/listen',
];

describe('the mcp binding', () => {
  it('puts every MCP method in the method table, one entry each', () => {
    const container = build();
    const table = container.get(MethodTable);
    expect(table.names().sort()).toEqual([...EVERY_METHOD].sort());
    for (const name of EVERY_METHOD) expect(table.get(name)?.name).toBe(name);
    const entries = container.getAll<McpMethod>(MCP_METHOD);
    expect(entries).toHaveLength(MCP_METHODS.length);
    expect(entries.map((entry) => entry.constructor)).toEqual([...MCP_METHODS]);
  });

  it('serves nothing a client names after what objects inherit', () => {
    const table = build().get(MethodTable);
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      expect([name, table.get(name)]).toEqual([name, undefined]);
    }
  });

  it('bounds inbound messages by the variable depth setting', () => {
    expect(build({ TASK_MCP_MAX_VARIABLE_DEPTH: '100' }).get(INBOUND_LIMITS)).toEqual(
      inboundLimits(100),
    );
    expect(build().get<InboundLimits>(INBOUND_LIMITS).maxDepth).toBeGreaterThanOrEqual(64);
  });

  it('binds the taskless-clients setting, off unless set', () => {
    expect(build().get(TASKLESS_CLIENTS)).toBe('off');
    expect(build({ TASK_MCP_TASKLESS_CLIENTS: 'handles' }).get(TASKLESS_CLIENTS)).toBe('handles');
  });

  it.each(['http', 'stdio'])(
    'makes every part of MCP once over %s, nothing built by hand',
    (transport) => {
      const container = build({ TASK_MCP_TRANSPORT: transport });
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
        BoundedResultWait,
        HandleTools,
        TasklessCalls,
        TasklessToolList,
      ];
      for (const part of parts) {
        const made = container.get(part);
        expect(made).toBeInstanceOf(part);
        expect(container.get(part)).toBe(made);
      }
    },
  );
});
