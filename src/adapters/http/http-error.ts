import { HTTP_REFUSALS, type HttpRefusal } from './http-refusals.js';

/** A request refused over HTTP; its status and JSON-RPC code come from HTTP_REFUSALS. */
export class HttpError extends Error {
  readonly status: number;
  readonly rpcCode: number;

  constructor(
    readonly refusal: HttpRefusal,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    /** The JSON-RPC error's `data`, when the client needs more than the message. */
    readonly data?: unknown,
    /** The id of the one request the refusal answers, when it is known. */
    readonly id: string | number | null = null,
  ) {
    super(message);
    ({ status: this.status, rpcCode: this.rpcCode } = HTTP_REFUSALS[refusal]);
  }

  /** The same refusal, answering the request `id`. */
  answering(id: string | number | null): HttpError {
    return id === this.id
      ? this
      : new HttpError(this.refusal, this.message, this.headers, this.data, id);
  }
}
