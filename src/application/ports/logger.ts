export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

/** Structured operational and audit log. Never give it a token or a task's data. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** Resolves once every line logged so far has been handed to the OS; for a clean exit. */
  flush?(): Promise<void>;
}

export const LOGGER = Symbol('Logger');
