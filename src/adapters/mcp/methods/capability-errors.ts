import type { MissingCapability } from '../../../application/tool-kit/elicitation.js';
import type { JsonObject } from '../../../domain/index.js';
import type { RequestMeta } from '../inbound/request-meta.js';
import { RPC_CODES } from '../json-rpc/rpc-codes.js';
import { RpcError } from '../json-rpc/rpc-error.js';
import { TASKS_EXTENSION } from '../protocol-versions.js';

/*
 * -32021, Missing Required Client Capability: what a request needs that its client did not
 * declare, named in data.requiredCapabilities.
 */

const TASKS_REQUIRED: JsonObject = Object.freeze({ extensions: { [TASKS_EXTENSION]: {} } });

export function requireTasksExtension(meta: RequestMeta, method: string): void {
  if (!meta.declaresTasks) throw missingTasksExtension(`${method} is part of the tasks extension`);
}

export function missingTasksExtension(why: string): RpcError {
  return missingCapability(TASKS_REQUIRED, why);
}

export function missingCapability(required: JsonObject, why: string): RpcError {
  return new RpcError(
    RPC_CODES.missingClientCapability,
    `Missing required client capability: ${why}; declare ${describe(required)} in the request's client capabilities`,
    { requiredCapabilities: required },
  );
}

/**
 * A 2026-07-28 client running a tool inline is asked by multi round-trip, which needs elicitation
 * declared on the call: declaring that alone is what it takes.
 */
export function inlineNeedsElicitation(tool: string): MissingCapability {
  return {
    requiredCapabilities: { elicitation: {} },
    reason: `Tool '${tool}' needs input while it runs; declare elicitation in the request's client capabilities to be asked (multi round-trip)`,
  };
}

/**
 * A task started for a 2026-07-28 client without the tasks extension (a taskless client's handle)
 * can ask it nothing: without the extension it has no tasks/update to answer in.
 */
export function handleCannotAnswer(tool: string): MissingCapability {
  return {
    requiredCapabilities: TASKS_REQUIRED,
    reason: `Tool '${tool}' needs input while it runs, which a task answers through tasks/update; declare "${TASKS_EXTENSION}" in the request's client capabilities`,
  };
}

/**
 * A 2026-07-28 inline run that asks more than a requestState carries: its further questions reach
 * the client only through a task.
 */
export function inlineDialogueFull(tool: string): MissingCapability {
  return {
    requiredCapabilities: TASKS_REQUIRED,
    reason: `Tool '${tool}' asks more questions than an inline call carries the answers of; declare "${TASKS_EXTENSION}" in the request's client capabilities to answer them through a task`,
  };
}

/** A 2025-11-25 client that declared no elicitation at initialize can be asked nothing. */
export const NO_ELICITATION_DECLARED: MissingCapability = {
  requiredCapabilities: { elicitation: {} },
  reason: 'the client did not declare the elicitation capability at initialize',
};

/** A 2026-07-28 client that declared no elicitation on its tools/call is shown no questions. */
export const NO_ELICITATION_ON_CALL: MissingCapability = {
  requiredCapabilities: { elicitation: {} },
  reason:
    'the client did not declare the elicitation capability on the tools/call that started the task',
};

function describe(required: JsonObject): string {
  const extensions = required.extensions;
  if (typeof extensions === 'object' && extensions !== null && !Array.isArray(extensions)) {
    return Object.keys(extensions)
      .map((name) => `"${name}"`)
      .join(', ');
  }
  return Object.keys(required).join(', ');
}
