import { z } from 'zod';
import {
  InvalidArgumentError,
  type InputRequest,
  type JsonObject,
  type JsonValue,
} from '../../domain/index.js';

/**
 * A question for the caller, as MCP's form elicitation asks it: a message and the flat object of
 * primitive fields (strings, numbers, booleans, enums) the answer must fill in.
 */
export interface ElicitRequest<Schema extends z.ZodObject = z.ZodObject> {
  readonly message: string;
  readonly requestedSchema: Schema;
}

/** The caller's answer: the content, parsed, or that they declined or dismissed the question. */
export type ElicitOutcome<Content> =
  | { readonly action: 'accept'; readonly content: Content }
  | { readonly action: 'decline' }
  | { readonly action: 'cancel' };

/** An answer whose content a tool reads by its own question's schema. */
export type AnyElicitOutcome = ElicitOutcome<Record<string, unknown>>;

export const ELICITATION_METHOD = 'elicitation/create';

/** Why a question cannot reach the caller, and the client capabilities that would let it. */
export interface MissingCapability {
  readonly requiredCapabilities: JsonObject;
  readonly reason: string;
}

/** The `_meta` key of an answer that says the question could not be delivered at all. */
const UNDELIVERABLE = 'dev.task-mcp/undeliverable';

/**
 * What is recorded as the answer to a question the caller's client refused to take (it has no
 * elicitation): a cancel, marked, so that the run, wherever it runs, learns why.
 */
export function undeliverableAnswer(missing: MissingCapability): JsonObject {
  return {
    action: 'cancel',
    _meta: { [UNDELIVERABLE]: { ...missing } as unknown as JsonObject },
  };
}

/** The reason recorded with an undeliverable question's answer, if that is what it is. */
export function undeliverableIn(response: JsonObject): MissingCapability | undefined {
  const meta = response._meta;
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return undefined;
  if (!Object.hasOwn(meta, UNDELIVERABLE)) return undefined;
  const marked = meta[UNDELIVERABLE] as Partial<MissingCapability> | undefined;
  if (typeof marked?.reason !== 'string' || typeof marked.requiredCapabilities !== 'object') {
    return undefined;
  }
  return marked as MissingCapability;
}

const jsonSchemas = new WeakMap<z.ZodObject, JsonObject>();

/** The server-to-client request that asks `request`. */
export function elicitationRequest(request: ElicitRequest): InputRequest {
  return {
    method: ELICITATION_METHOD,
    params: {
      mode: 'form',
      message: request.message,
      requestedSchema: requestedSchemaOf(request.requestedSchema),
    },
  };
}

/** The answer a client gave, parsed by the question's schema. */
export function readElicitationAnswer<Schema extends z.ZodObject>(
  schema: Schema,
  response: JsonObject,
): ElicitOutcome<z.output<Schema>> {
  if (response.action === 'decline' || response.action === 'cancel') {
    return { action: response.action };
  }
  const parsed = schema.safeParse(response.content ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new InvalidArgumentError(
      `The answer does not fit the question: ${where}${issue?.message ?? 'it does not match'}`,
    );
  }
  return { action: 'accept', content: parsed.data };
}

/**
 * The JSON Schema an elicitation carries: `type`, `properties` and `required` only, as the spec's
 * restricted form has them (no $schema or additionalProperties). Converted once per schema.
 */
function requestedSchemaOf(schema: z.ZodObject): JsonObject {
  let json = jsonSchemas.get(schema);
  if (!json) {
    const full = z.toJSONSchema(schema, { io: 'input' }) as JsonObject;
    json = { type: 'object', properties: full.properties ?? {} };
    const required = full.required as JsonValue[] | undefined;
    if (required && required.length > 0) json.required = required;
    jsonSchemas.set(schema, json);
  }
  return json;
}
