import { ElicitResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type {
  JsonSchemaType,
  JsonSchemaValidator,
} from '@modelcontextprotocol/sdk/validation/types.js';
import { injectable } from 'inversify';
import type { InputCheck } from '../../application/ports/input-check.js';
import { ELICITATION_METHOD } from '../../application/tool-kit/elicitation.js';
import { InvalidArgumentError, type InputRequest, type JsonObject } from '../../domain/index.js';

/** Compiled schemas kept: questions come from the server's own tools, so there are few. */
const MAX_CACHED_SCHEMAS = 256;

/**
 * Checks an answer to an elicitation as MCP defines it: an `action` of accept, decline or cancel,
 * and with accept a `content` that satisfies the question's requested schema (with Ajv, as the
 * SDK's own elicitInput would).
 */
@injectable()
export class ElicitationAnswerCheck implements InputCheck {
  private readonly ajv = new AjvJsonSchemaValidator();
  private readonly validators = new Map<string, JsonSchemaValidator<unknown>>();

  check(request: InputRequest, response: JsonObject): void {
    if (request.method !== ELICITATION_METHOD) return;
    const shape = ElicitResultSchema.safeParse(response);
    if (!shape.success) {
      throw new InvalidArgumentError(
        "An answer to an elicitation needs an action of 'accept', 'decline' or 'cancel', and with accept a content object of strings, numbers, booleans or string lists",
      );
    }
    if (shape.data.action !== 'accept') return;
    const schema = request.params.requestedSchema as JsonSchemaType | undefined;
    if (!schema) return;
    const verdict = this.validatorFor(schema)(shape.data.content ?? {});
    if (!verdict.valid) {
      throw new InvalidArgumentError(
        `The answer does not fit the requested schema: ${verdict.errorMessage}`,
      );
    }
  }

  private validatorFor(schema: JsonSchemaType): JsonSchemaValidator<unknown> {
    const key = JSON.stringify(schema);
    let validator = this.validators.get(key);
    if (!validator) {
      if (this.validators.size >= MAX_CACHED_SCHEMAS) this.validators.clear();
      validator = this.ajv.getValidator(schema);
      this.validators.set(key, validator);
    }
    return validator;
  }
}
