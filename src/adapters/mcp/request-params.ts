import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { RpcError } from './rpc-error.js';

/*
 * Handlers are registered with schemas that match the method only; params are checked here so that
 * malformed params get -32602 with a readable message (the SDK's own parse would answer -32603).
 */

export function methodOnly<Method extends string>(method: Method) {
  return z.looseObject({ method: z.literal(method) });
}

export const TaskIdParams = z.looseObject(
  { taskId: z.string({ error: 'params.taskId must be a string' }) },
  { error: 'params must be an object with a taskId' },
);

export const ListTasksParams = z
  .looseObject({ cursor: z.string({ error: 'params.cursor must be a string' }).optional() })
  .optional();

export function parseParams<Schema extends z.ZodType>(
  schema: Schema,
  params: unknown,
): z.output<Schema> {
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues
    .slice(0, 3)
    .map((issue) => issue.message)
    .join('; ');
  throw new RpcError(ErrorCode.InvalidParams, `Invalid params: ${detail}`);
}
