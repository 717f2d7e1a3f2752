// Where the tests reach PostgreSQL as a user allowed to create databases. The machines this
// project runs on have one on 127.0.0.1:5432 with trust authentication.
export function adminDatabaseUrl() {
  return process.env.TASK_MCP_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** The name prefix of every database this run makes. */
export function runDatabasePrefix() {
  return `tmcp_test_${process.env.TASK_MCP_TEST_RUN ?? 'norun'}_`;
}
