import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { inject, injectable } from 'inversify';
import { z } from 'zod';
import { CLOCK, type Clock } from '../../application/ports/clock.js';
import {
  DIALOGUE_POLICY,
  MAX_REQUEST_STATE_CHARS,
  type DialoguePolicy,
} from '../../application/policy/dialogue-policy.js';
import type {
  OpenedRequestState,
  RequestStateBinding,
  RequestStateSeal,
} from '../../application/ports/request-state-seal.js';
import { InvalidRequestStateError } from '../../application/shared/errors.js';
import type { DialogueRecord } from '../../application/tool-kit/inline-dialogue.js';
import { jsonDigest } from './json-digest.js';
import { SERVER_SECRET, type ServerSecret } from './server-secret.js';

/** The first byte of every state: a later format gets another, and this one's are refused. */
const FORMAT = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const ID_BYTES = 16;
/** Unpadded base64url: a state with any other character was not made here. */
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const jsonObject = z.record(z.string(), z.json());
const inputRequest = z.object({ method: z.string(), params: jsonObject });

/** What a state holds once decrypted: authentic, but read as strictly as anything received. */
const sealedShape = z.object({
  id: z.string(),
  exp: z.number().int(),
  rec: z.object({
    firstAnswer: jsonObject.optional(),
    answered: z.array(z.object({ question: inputRequest, answer: jsonObject })),
    pending: inputRequest,
    remembered: jsonObject,
  }),
});

/**
 * Seals requestStates with AES-256-GCM under a key derived from the deployment's secret, so every
 * replica opens what any other sealed. The dialogue, a single-use id and the expiry are encrypted
 * (the dialogue holds the run's remembered values: guess_number's secret number, say); the owner,
 * the tool and a digest of the arguments are authenticated data, so a state opens only for the
 * request it was made for. Every refusal is the same InvalidRequestStateError, and a state too long
 * or not in base64url is refused before any decryption.
 */
@injectable()
export class AesGcmRequestStateSeal implements RequestStateSeal {
  constructor(
    @inject(SERVER_SECRET) private readonly secret: ServerSecret,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(DIALOGUE_POLICY) private readonly policy: DialoguePolicy,
  ) {}

  seal(binding: RequestStateBinding, record: DialogueRecord): string {
    const plain = JSON.stringify({
      id: randomBytes(ID_BYTES).toString('base64url'),
      exp: this.clock.now() + this.policy.stateTtlMs,
      rec: record,
    });
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key(), iv).setAAD(boundTo(binding));
    const sealed = Buffer.concat([
      Buffer.of(FORMAT),
      iv,
      cipher.update(plain, 'utf8'),
      cipher.final(),
      cipher.getAuthTag(),
    ]).toString('base64url');
    // The dialogue's own bound keeps a state well inside this; a longer one would be refused.
    if (sealed.length > MAX_REQUEST_STATE_CHARS) {
      throw new Error(`a sealed requestState of ${sealed.length} characters is over the limit`);
    }
    return sealed;
  }

  open(binding: RequestStateBinding, state: string): OpenedRequestState {
    if (state.length > MAX_REQUEST_STATE_CHARS || !BASE64URL.test(state)) refuse();
    const bytes = Buffer.from(state, 'base64url');
    // Node's decoder skips what it cannot read; only the one spelling of the bytes opens.
    if (bytes.toString('base64url') !== state) refuse();
    if (bytes.length < 1 + IV_BYTES + TAG_BYTES || bytes[0] !== FORMAT) refuse();
    let plain: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key(), bytes.subarray(1, 1 + IV_BYTES))
        .setAAD(boundTo(binding))
        .setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      const body = bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES);
      plain = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      refuse();
    }
    const opened = sealedShape.safeParse(JSON.parse(plain));
    if (!opened.success || opened.data.exp <= this.clock.now()) refuse();
    return {
      id: opened.data.id,
      expiresAt: opened.data.exp,
      record: opened.data.rec as unknown as DialogueRecord,
    };
  }

  private key(): Buffer {
    return this.secret.keyFor('task-mcp requestState');
  }
}

/** The authenticated data: what the state is for, each part in its place (a JSON array). */
function boundTo(binding: RequestStateBinding): Buffer {
  const digest = jsonDigest(binding.arguments).toString('base64url');
  return Buffer.from(JSON.stringify(['tools/call', binding.owner, binding.toolName, digest]));
}

function refuse(): never {
  throw new InvalidRequestStateError();
}
