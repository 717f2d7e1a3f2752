/**
 * One line on why a database call failed, for start-up errors and logs. Node reports a refused
 * connection to a name with several addresses as an AggregateError with an empty message, so the
 * first inner error speaks for it. pg's messages never include the password.
 */
export function describeDatabaseError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return describeDatabaseError(error.errors[0]);
  }
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  if (error.message !== '') return error.message;
  return typeof code === 'string' ? code : error.name;
}
