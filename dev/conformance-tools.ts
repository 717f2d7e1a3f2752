import { z } from 'zod';
import type { TaskTool, ToolResult } from '../src/application/ports/task-tool.js';
import { RequestFailedError, type TaskContext } from '../src/application/tool-kit/task-context.js';
import { abortableSleep } from '../src/adapters/tools/abortable-sleep.js';

/*
 * The fixture tools the official MCP conformance suite's server scenarios call by name. Test-only:
 * bound by dev/conformance-server.ts, never by the default server.
 */

function text(value: string, isError = false): ToolResult {
  return isError
    ? { content: [{ type: 'text', text: value }], isError: true }
    : { content: [{ type: 'text', text: value }] };
}

const greet: TaskTool = {
  name: 'greet',
  description: 'Says hello at once (never a task)',
  inputSchema: z.object({ name: z.string() }),
  taskSupport: 'forbidden',
  run: async (args) => text(`Hello, ${(args as { name: string }).name}!`),
};

const slowCompute: TaskTool = {
  name: 'slow_compute',
  description: 'Sleeps `seconds`, then answers',
  inputSchema: z.object({ seconds: z.number().min(0).max(3600), label: z.string().optional() }),
  taskSupport: 'optional',
  run: async (args, ctx: TaskContext) => {
    const { seconds, label } = args as { seconds: number; label?: string };
    await abortableSleep(seconds * 1000, ctx.signal);
    return text(`Computed ${label ?? 'result'} after ${seconds} s`);
  },
};

const failingJob: TaskTool = {
  name: 'failing_job',
  description: 'Reports a tool error after about a second',
  inputSchema: z.object({}),
  taskSupport: 'required',
  run: async (_args, ctx: TaskContext) => {
    await abortableSleep(1000, ctx.signal);
    return text('The job failed', true);
  },
};

const protocolErrorJob: TaskTool = {
  name: 'protocol_error_job',
  description: 'Fails its request with a JSON-RPC error',
  inputSchema: z.object({}),
  taskSupport: 'optional',
  run: async () => {
    throw new RequestFailedError('The job failed at the protocol level');
  },
};

const confirmDelete: TaskTool = {
  name: 'confirm_delete',
  description: 'Asks for a confirmation, then "deletes" the file',
  inputSchema: z.object({ filename: z.string().default('file.txt') }),
  taskSupport: 'optional',
  run: async (args, ctx: TaskContext) => {
    const { filename } = args as { filename: string };
    const answer = await ctx.elicit({
      message: `Delete ${filename}?`,
      requestedSchema: z.object({ confirm: z.boolean() }),
    });
    const confirmed = answer.action === 'accept' && answer.content.confirm;
    return text(confirmed ? `Deleted ${filename}` : `Kept ${filename}`);
  },
};

const multiInput: TaskTool = {
  name: 'multi_input',
  description: 'Asks two questions at once',
  inputSchema: z.object({}),
  taskSupport: 'optional',
  run: async (_args, ctx: TaskContext) => {
    const schema = z.object({ name: z.string().optional(), confirm: z.boolean().optional() });
    const answers = await Promise.all([
      ctx.elicit({ message: 'First question', requestedSchema: schema }),
      ctx.elicit({ message: 'Second question', requestedSchema: schema }),
    ]);
    const names = answers.map((answer) =>
      answer.action === 'accept' ? (answer.content.name ?? '?') : answer.action,
    );
    return text(`Answers: ${names.join(', ')}`);
  },
};

/** A 1x1 red PNG and a 1-sample WAV: the smallest real media the content scenarios can check. */
const RED_PIXEL_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const SILENT_WAV = 'UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQIAAAAAAA==';

const MIXED_CONTENT: ToolResult = {
  content: [
    { type: 'text', text: 'Multiple content types test:' },
    { type: 'image', data: RED_PIXEL_PNG, mimeType: 'image/png' },
    {
      type: 'resource',
      resource: {
        uri: 'test://mixed-content-resource',
        mimeType: 'application/json',
        text: '{"test":"data","value":123}',
      },
    },
  ],
};

/** A quick tool of the suite's tools-call scenarios: no arguments, an inline answer. */
function quick(name: string, run: (ctx: TaskContext) => Promise<ToolResult>): TaskTool {
  return {
    name,
    description: `Conformance fixture ${name}`,
    inputSchema: z.object({}),
    taskSupport: 'forbidden',
    run: (_args, ctx) => run(ctx),
  };
}

const contentTools: TaskTool[] = [
  quick('test_simple_text', async () => text('This is a simple text response for testing.')),
  quick('test_image_content', async () => ({
    content: [{ type: 'image', data: RED_PIXEL_PNG, mimeType: 'image/png' }],
  })),
  quick('test_audio_content', async () => ({
    content: [{ type: 'audio', data: SILENT_WAV, mimeType: 'audio/wav' }],
  })),
  quick('test_embedded_resource', async () => ({
    content: [
      {
        type: 'resource',
        resource: {
          uri: 'test://embedded-resource',
          mimeType: 'text/plain',
          text: 'This is an embedded resource content.',
        },
      },
    ],
  })),
  quick('test_multiple_content_types', async () => MIXED_CONTENT),
  quick('test_error_handling', async () => {
    throw new Error('This tool intentionally returns an error for testing');
  }),
  quick('test_tool_with_progress', async (ctx) => {
    for (let step = 1; step <= 3; step++) {
      await ctx.reportProgress(step * 33 + (step === 3 ? 1 : 0), 100);
      await abortableSleep(50, ctx.signal);
    }
    return text('Progress reported in three steps');
  }),
];

const elicitation: TaskTool = {
  name: 'test_elicitation',
  description: 'Asks the client for a username and an email address',
  inputSchema: z.object({ message: z.string() }),
  taskSupport: 'forbidden',
  run: async (args, ctx: TaskContext) => {
    const answer = await ctx.elicit({
      message: (args as { message: string }).message,
      requestedSchema: z.object({
        username: z.string().describe("User's response"),
        email: z.string().describe("User's email address"),
      }),
    });
    const content = answer.action === 'accept' ? JSON.stringify(answer.content) : '{}';
    return text(`User response: action: ${answer.action}, content: ${content}`);
  },
};

/** Asks a name before any task exists (multi round-trip), then greets it from the task. */
const toolWithTask: TaskTool = {
  name: 'test_tool_with_task',
  description: 'Asks your name first, then greets you from a task',
  inputSchema: z.object({}),
  taskSupport: 'required',
  firstQuestion: () => ({
    message: 'What is your name?',
    requestedSchema: z.object({ name: z.string() }),
  }),
  run: async (_args, ctx: TaskContext) => {
    const answer = ctx.firstAnswer;
    const name = answer?.action === 'accept' ? String(answer.content.name) : 'stranger';
    await abortableSleep(100, ctx.signal);
    return text(`Hello, ${name}, from a task`);
  },
};

/*
 * The input-required-result (multi round-trip) scenarios' tools. Each is `optional`: a 2026-07-28
 * client without the tasks extension gets it inline, so every ctx.elicit below is asked by an
 * input_required answer and answered by the next call, which runs the tool again from the start.
 */

/** Asks a name, then greets it. */
const inputRequiredElicitation: TaskTool = {
  name: 'test_input_required_result_elicitation',
  description: 'Asks your name, then greets you',
  inputSchema: z.object({}),
  taskSupport: 'optional',
  run: async (_args, ctx: TaskContext) => {
    const answer = await ctx.elicit({
      message: 'What is your name?',
      requestedSchema: z.object({ name: z.string() }),
    });
    return text(
      answer.action === 'accept' ? `Hello, ${answer.content.name}!` : `No name (${answer.action})`,
    );
  },
};

/**
 * Asks for a confirmation. Reaching the answer at all means the server took the requestState it
 * was sent back (it refuses any other before the tool runs), hence "state-ok".
 */
const inputRequiredRequestState: TaskTool = {
  name: 'test_input_required_result_request_state',
  description: 'Asks for a confirmation, answered with the requestState it was asked under',
  inputSchema: z.object({}),
  taskSupport: 'optional',
  run: async (_args, ctx: TaskContext) => {
    const answer = await ctx.elicit({
      message: 'Please confirm',
      requestedSchema: z.object({ ok: z.boolean() }),
    });
    const ok = answer.action === 'accept' && answer.content.ok;
    return text(`state-ok: confirmed ${ok ? 'yes' : 'no'}`);
  },
};

/** Asks for a confirmation; the scenario sends the answer back under an altered requestState. */
const inputRequiredTamperedState: TaskTool = {
  name: 'test_input_required_result_tampered_state',
  description: 'Asks for a confirmation (its requestState is sealed and bound to the call)',
  inputSchema: z.object({}),
  taskSupport: 'optional',
  run: async (_args, ctx: TaskContext) => {
    const answer = await ctx.elicit({
      message: 'Please confirm',
      requestedSchema: z.object({ ok: z.boolean() }),
    });
    return text(answer.action === 'accept' && answer.content.ok ? 'Confirmed' : 'Not confirmed');
  },
};

/** Asks two questions, one a round: a name, then a favourite colour. */
const inputRequiredMultiRound: TaskTool = {
  name: 'test_input_required_result_multi_round',
  description: 'Asks your name, then your favourite colour, one question a round',
  inputSchema: z.object({}),
  taskSupport: 'optional',
  run: async (_args, ctx: TaskContext) => {
    const name = await ctx.elicit({
      message: 'Step 1: What is your name?',
      requestedSchema: z.object({ name: z.string() }),
    });
    const color = await ctx.elicit({
      message: 'Step 2: What is your favorite color?',
      requestedSchema: z.object({ color: z.string() }),
    });
    const who = name.action === 'accept' ? name.content.name : 'stranger';
    const likes = color.action === 'accept' ? color.content.color : 'no colour';
    return text(`${who} likes ${likes}`);
  },
};

/**
 * server-stateless calls this to read the stream a 2026-07-28 tools/call answers on: its question
 * must come back as an input_required answer, never as a request of the server's own.
 */
const streamingElicitation: TaskTool = {
  name: 'test_streaming_elicitation',
  description: 'Asks one question while the call is answered',
  inputSchema: z.object({}),
  taskSupport: 'optional',
  run: async (_args, ctx: TaskContext) => {
    const answer = await ctx.elicit({
      message: 'Anything to add?',
      requestedSchema: z.object({ note: z.string().optional() }),
    });
    return text(`Answer: ${answer.action}`);
  },
};

export const CONFORMANCE_TOOLS: readonly TaskTool[] = [
  toolWithTask,
  ...contentTools,
  elicitation,
  greet,
  slowCompute,
  failingJob,
  protocolErrorJob,
  confirmDelete,
  multiInput,
  inputRequiredElicitation,
  inputRequiredRequestState,
  inputRequiredTamperedState,
  inputRequiredMultiRound,
  streamingElicitation,
];
