import type { JsonObject } from '../../../domain/index.js';
import { RpcError } from '../rpc-error.js';
import type { RequestMeta } from './request-meta.js';
import { MISSING_CLIENT_CAPABILITY, TASKS_EXTENSION, TASKS_REQUIRED } from './wire.js';

/*
 * -32021, Missing Required Client Capability: what a 2026-07-28 request needs that its client
 * did not declare on it, named in data.requiredCapabilities.
 */

export function requireTasks(meta: RequestMeta, method: string): void {
  if (!meta.declaresTasks) throw missingTasks(`${method} is part of the tasks extension`);
}

export function missingTasks(why: string): RpcError {
  return new RpcError(
    MISSING_CLIENT_CAPABILITY,
    `Missing required client capability: ${why}; declare "${TASKS_EXTENSION}" in the request's client capabilities`,
    TASKS_REQUIRED,
  );
}

export function missingCapability(required: JsonObject, why: string): RpcError {
  return new RpcError(
    MISSING_CLIENT_CAPABILITY,
    `Missing required client capability: ${why}; declare ${Object.keys(required).join(', ')} in the request's client capabilities`,
    { requiredCapabilities: required },
  );
}
