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
