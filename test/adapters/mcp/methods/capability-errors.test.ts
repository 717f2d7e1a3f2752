import { RpcError } from '../../../../src/adapters/mcp/json-rpc/rpc-error.js';
import {
  handleCannotAnswer,
  inlineNeedsElicitation,
  inlineDialogueFull,
  missingCapability,
  missingTasksExtension,
  NO_ELICITATION_DECLARED,
  requireTasksExtension,
} from '../../../../src/adapters/mcp/methods/capability-errors.js';
import { aRequestMeta } from '../../../support/mcp-methods.js';

const TASKS = 'io.modelcontextprotocol/tasks';

describe('capability errors (-32021)', () => {
  it('name what is missing in data.requiredCapabilities and say what to declare', () => {
    const error = missingCapability({ elicitation: {} }, 'the tool asks questions');
    expect(error).toBeInstanceOf(RpcError);
    expect(error.toJson()).toEqual({
      code: -32021,
      message:
        "Missing required client capability: the tool asks questions; declare elicitation in the request's client capabilities",
      data: { requiredCapabilities: { elicitation: {} } },
    });
  });

  it('name every extension a request needs by its identifier', () => {
    const error = missingCapability(
      { extensions: { [TASKS]: {}, 'example.test/other': {} } },
      'two extensions',
    );
    expect(error.message).toBe(
      `Missing required client capability: two extensions; declare "${TASKS}", "example.test/other" in the request's client capabilities`,
    );
  });

  it('say the tasks extension is missing', () => {
    expect(missingTasksExtension("Tool 'build' runs only as a task").toJson()).toEqual({
      code: -32021,
      message: `Missing required client capability: Tool 'build' runs only as a task; declare "${TASKS}" in the request's client capabilities`,
      data: { requiredCapabilities: { extensions: { [TASKS]: {} } } },
    });
  });

  it('refuse a tasks method to a request that does not declare the extension', () => {
    expect(() => requireTasksExtension(aRequestMeta({ tasks: true }), 'tasks/get')).not.toThrow();
    let refusal: unknown;
    try {
      requireTasksExtension(aRequestMeta({ elicitation: true }), 'tasks/get');
    } catch (error) {
      refusal = error;
    }
    expect((refusal as RpcError).toJson()).toEqual({
      code: -32021,
      message: `Missing required client capability: tasks/get is part of the tasks extension; declare "${TASKS}" in the request's client capabilities`,
      data: { requiredCapabilities: { extensions: { [TASKS]: {} } } },
    });
  });

  it('keep the required capabilities from being changed by whoever holds an error', () => {
    const first = missingTasksExtension('once');
    expect(() => {
      (first.data as { requiredCapabilities: Record<string, unknown> }).requiredCapabilities.x = 1;
    }).toThrow();
    expect(missingTasksExtension('again').data).toEqual({
      requiredCapabilities: { extensions: { [TASKS]: {} } },
    });
  });

  it('tell a tool running inline that its question needs elicitation declared, nothing more', () => {
    expect(inlineNeedsElicitation('build')).toEqual({
      requiredCapabilities: { elicitation: {} },
      reason: `Tool 'build' needs input while it runs; declare elicitation in the request's client capabilities to be asked (multi round-trip)`,
    });
  });

  it("tell a taskless client's task that its question needs the tasks extension", () => {
    expect(handleCannotAnswer('build')).toEqual({
      requiredCapabilities: { extensions: { [TASKS]: {} } },
      reason: `Tool 'build' needs input while it runs, which a task answers through tasks/update; declare "${TASKS}" in the request's client capabilities`,
    });
  });

  it('tell a tool running inline that asks past what a requestState carries to use a task', () => {
    expect(inlineDialogueFull('guess')).toEqual({
      requiredCapabilities: { extensions: { [TASKS]: {} } },
      reason: `Tool 'guess' asks more questions than an inline call carries the answers of; declare "${TASKS}" in the request's client capabilities to answer them through a task`,
    });
  });

  it('tell a tool that a 2025-11-25 client without elicitation cannot be asked', () => {
    expect(NO_ELICITATION_DECLARED).toEqual({
      requiredCapabilities: { elicitation: {} },
      reason: 'the client did not declare the elicitation capability at initialize',
    });
  });
});
