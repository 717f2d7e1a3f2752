import type { ProgressToken } from '@modelcontextprotocol/sdk/types.js';
import { inject, injectable } from 'inversify';
import {
  clip,
  invalidParams,
  invalidRequest,
  methodNotFound,
  unsupportedVersion,
} from '../json-rpc/error-table.js';
import { RpcError } from '../json-rpc/rpc-error.js';
import type { RawParams } from '../methods/mcp-method.js';
import { MethodTable } from '../methods/method-table.js';
import {
  META_2026,
  PROTOCOL_2025,
  PROTOCOL_2026,
  VERSION_BY_META,
  type VersionRule,
  type WireVersion,
} from '../protocol-versions.js';
import type { InboundBody, InboundMessage, InboundRequest } from './inbound-message.js';
import { INBOUND_LIMITS, type InboundLimits } from './inbound-limits.js';
import { isObject, readableId, readMessages, type RequestId } from './json-reader.js';
import { own, readRequestMeta } from './request-meta.js';

const METHOD_KEYS: ReadonlySet<string> = new Set(['jsonrpc', 'id', 'method', 'params']);
const RESULT_KEYS: ReadonlySet<string> = new Set(['jsonrpc', 'id', 'result']);
const ERROR_KEYS: ReadonlySet<string> = new Set(['jsonrpc', 'id', 'error']);
const NO_PARAMS: RawParams = Object.freeze({});

/**
 * The classify step, once per request: a body's bytes become its messages, and each request
 * learns its method's table entry, its params as that method reads them, its scoped operation, its
 * rate cost, its routing field and progress token, and (2026-07-28) what it says of its client.
 * What is malformed is marked refused here, with the error to answer; nothing after this step
 * parses or looks into the body again.
 */
@injectable()
export class MessageClassifier {
  constructor(
    @inject(MethodTable) private readonly table: MethodTable,
    @inject(INBOUND_LIMITS) private readonly limits: InboundLimits,
  ) {}

  /** Throws the RpcError for a body that is not readable as JSON-RPC at all. */
  classify(bytes: Uint8Array, version: VersionRule): InboundBody {
    const read = readMessages(bytes, this.limits);
    return {
      batch: read.batch,
      messages: read.messages.map((message) =>
        'value' in message
          ? this.message(message.value, version)
          : { kind: 'invalid', id: message.id, error: message.refusal },
      ),
    };
  }

  private message(value: unknown, version: VersionRule): InboundMessage {
    if (!isObject(value)) return invalid(null, 'a JSON-RPC message must be an object');
    const hasId = Object.hasOwn(value, 'id');
    const id = hasId ? readableId(value.id, this.limits) : null;
    if (value.jsonrpc !== '2.0') return invalid(id, 'jsonrpc must be "2.0"');
    if (Object.hasOwn(value, 'method')) {
      if (hasId && id === null) {
        return invalid(
          null,
          `id must be a string of at most ${this.limits.maxIdLength} characters or an integer`,
        );
      }
      return this.methodMessage(value, id, version);
    }
    if (Object.hasOwn(value, 'result')) {
      if (id === null || !isObject(value.result)) {
        return invalid(null, 'a result needs an id and an object result');
      }
      const extra = extraKey(value, RESULT_KEYS);
      if (extra !== undefined) return invalid(id, `unexpected member '${clip(extra, 64)}'`);
      return { kind: 'reply', id, result: value.result };
    }
    if (Object.hasOwn(value, 'error')) {
      const error = value.error;
      if ((hasId && value.id !== null && id === null) || !isObject(error)) {
        return invalid(null, 'an error needs an integer code');
      }
      if (!Number.isInteger(error.code)) return invalid(null, 'an error needs an integer code');
      if (typeof error.message !== 'string') return invalid(null, 'an error needs a message');
      const extra = extraKey(value, ERROR_KEYS);
      if (extra !== undefined) return invalid(id, `unexpected member '${clip(extra, 64)}'`);
      return {
        kind: 'reply',
        id,
        error: { code: error.code as number, message: error.message, data: error.data },
      };
    }
    return invalid(id, 'a message needs a method, a result or an error');
  }

  private methodMessage(
    message: Record<string, unknown>,
    id: RequestId | null,
    version: VersionRule,
  ): InboundMessage {
    const { method } = message;
    if (typeof method !== 'string') return invalid(id, 'method must be a string');
    if (method.length > this.limits.maxMethodLength) {
      return invalid(id, `method is longer than ${this.limits.maxMethodLength} characters`);
    }
    if (Object.hasOwn(message, 'params') && !isObject(message.params)) {
      return invalid(id, 'params must be an object');
    }
    const extra = extraKey(message, METHOD_KEYS);
    if (extra !== undefined) return invalid(id, `unexpected member '${clip(extra, 64)}'`);
    const params = (message.params as RawParams | undefined) ?? NO_PARAMS;
    if (id === null) return { kind: 'notification', method, params };
    return this.request(id, method, params, version);
  }

  /** Built as one object of one shape: this runs for every request. */
  private request(
    id: RequestId,
    method: string,
    params: RawParams,
    version: VersionRule,
  ): InboundRequest {
    const entry = this.table.get(method);
    const rawMeta = own(params, '_meta');
    const wire = version === VERSION_BY_META ? versionNamedBy(rawMeta) : version;
    const modern = wire === PROTOCOL_2026;
    const request: Mutable<InboundRequest> = {
      kind: 'request',
      id,
      method,
      wire,
      entry,
      params: undefined,
      refusal: undefined,
      operation: undefined,
      creates: 0,
      routed: entry?.routingField === undefined ? undefined : own(params, entry.routingField),
      progressToken: undefined,
      meta: undefined,
      metaVersion:
        modern && isObject(rawMeta) ? own(rawMeta, META_2026.protocolVersion) : undefined,
    };
    try {
      const meta = this.readMeta(rawMeta);
      if (modern && version === VERSION_BY_META) assertServedVersion(request.metaVersion);
      if (modern) request.meta = readRequestMeta(meta);
      const served = modern ? entry?.v2026 : entry?.v2025;
      if (!served) throw methodNotFound(method);
      request.progressToken = this.progressTokenOf(meta);
      request.params = served.parse(params);
      request.operation = entry!.operation?.(params);
      request.creates = entry!.creates?.(params) ?? 0;
    } catch (error) {
      if (!(error instanceof RpcError)) throw error;
      request.refusal = error;
      request.params = undefined;
      request.operation = undefined;
      request.creates = 0;
    }
    return request;
  }

  /** `_meta`, bounded: an object whose strings and keys together stay within the limit. */
  private readMeta(meta: unknown): Readonly<Record<string, unknown>> | undefined {
    if (meta === undefined) return undefined;
    if (!isObject(meta)) throw invalidParams('params._meta must be an object', true);
    // Its one field with a bound of its own is judged first, so the refusal names it.
    this.progressTokenOf(meta);
    if (textSize(meta, this.limits.maxMetaChars) > this.limits.maxMetaChars) {
      throw invalidParams(
        `params._meta is larger than ${this.limits.maxMetaChars} characters`,
        true,
      );
    }
    return meta;
  }

  private progressTokenOf(
    meta: Readonly<Record<string, unknown>> | undefined,
  ): ProgressToken | undefined {
    const token = meta === undefined ? undefined : own(meta, 'progressToken');
    if (token === undefined) return undefined;
    if (typeof token === 'string' && token.length <= this.limits.maxProgressTokenLength)
      return token;
    if (Number.isSafeInteger(token)) return token as number;
    throw invalidParams(
      `params._meta.progressToken must be a string of at most ${this.limits.maxProgressTokenLength} characters or an integer`,
      true,
    );
  }
}

type Mutable<T> = { -readonly [Key in keyof T]: T[Key] };

/** Where no header says it, the version a request's `_meta` names, if it names one. */
function versionNamedBy(meta: unknown): WireVersion {
  return isObject(meta) && Object.hasOwn(meta, META_2026.protocolVersion)
    ? PROTOCOL_2026
    : PROTOCOL_2025;
}

/** A `_meta` that names a version this server does not serve per request: -32022. */
function assertServedVersion(named: unknown): void {
  if (named !== PROTOCOL_2026 && typeof named === 'string') throw unsupportedVersion(named);
}

function invalid(id: RequestId | null, detail: string): InboundMessage {
  return { kind: 'invalid', id, error: invalidRequest(detail) };
}

function extraKey(
  message: Record<string, unknown>,
  allowed: ReadonlySet<string>,
): string | undefined {
  for (const key of Object.keys(message)) if (!allowed.has(key)) return key;
  return undefined;
}

/** Characters of the strings and keys in `value`, counted until past `max`. */
function textSize(value: unknown, max: number): number {
  let size = 0;
  const pending: unknown[] = [value];
  for (let next = pending.pop(); next !== undefined && size <= max; next = pending.pop()) {
    if (typeof next === 'string') size += next.length;
    else if (typeof next === 'object' && next !== null) {
      for (const [key, item] of Object.entries(next)) {
        size += key.length;
        pending.push(item);
      }
    } else size += 8;
  }
  return size;
}
