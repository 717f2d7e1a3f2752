import { z } from 'zod';
import type { JsonObject } from '../../../domain/index.js';

/** tools/call: a tool name and, optionally, its arguments. Any `task` hint is ignored. */
export const CallToolParams = z.looseObject(
  {
    name: z.string({ error: 'params.name must be a string' }),
    arguments: z
      .record(z.string(), z.unknown(), { error: 'params.arguments must be an object' })
      .optional()
      .transform((args) => (args ?? {}) as JsonObject),
    // Multi round-trip: answers to the questions an InputRequiredResult asked.
    inputResponses: z
      .record(
        z.string(),
        z.record(z.string(), z.unknown(), { error: 'each answer must be an object' }),
        { error: 'params.inputResponses must be an object of answers keyed by question' },
      )
      .optional()
      .transform((answers) => answers as Record<string, JsonObject> | undefined),
  },
  { error: 'params must be an object with a name' },
);

/** tasks/update: the task and answers keyed by the question keys tasks/get showed. */
export const UpdateTaskParams = z.looseObject(
  {
    taskId: z.string({ error: 'params.taskId must be a string' }),
    inputResponses: z.record(
      z.string(),
      z.record(z.string(), z.unknown(), { error: 'each answer must be an object' }),
      { error: 'params.inputResponses must be an object of answers keyed by question' },
    ),
  },
  { error: 'params must be an object with a taskId and inputResponses' },
);
