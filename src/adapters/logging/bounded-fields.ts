/** The most characters of one value a log line keeps: logs are for reading, not for copies. */
export const MAX_LOGGED_CHARS = 1024;

/**
 * A log record's fields with every string cut to MAX_LOGGED_CHARS (saying how much was cut), so
 * that what a client sends (an argument's name, a reason, a method) can make a line only so long:
 * every client-supplied value that reaches a log goes through here.
 */
export function boundedFields<Fields extends Readonly<Record<string, unknown>>>(
  fields: Fields | undefined,
): Fields | undefined {
  if (!fields) return fields;
  let bounded: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value !== 'string' || value.length <= MAX_LOGGED_CHARS) continue;
    bounded ??= { ...fields };
    bounded[key] = clipForLog(value);
  }
  return (bounded as Fields | undefined) ?? fields;
}

export function clipForLog(text: string): string {
  if (text.length <= MAX_LOGGED_CHARS) return text;
  return `${text.slice(0, MAX_LOGGED_CHARS)}... (${text.length - MAX_LOGGED_CHARS} more characters)`;
}
