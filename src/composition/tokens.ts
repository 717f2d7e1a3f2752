/** Injection tokens of the composition root (the ports' own tokens live beside the ports). */

/** The validated configuration (Config). */
export const CONFIG = Symbol('Config');

/** The transport the server serves MCP through: HTTP or stdio (FrontDoor). */
export const FRONT_DOOR = Symbol('FrontDoor');

/** What the job catalogue binding loaded, for the banner and `task-mcp check` (JobsSummary). */
export const JOBS_SUMMARY = Symbol('JobsSummary');

/** The PostgreSQL connection pool (pg.Pool), with the postgres store only. */
export const DATABASE_POOL = Symbol('DatabasePool');

/** The deployment's shared secret that purpose-bound keys are derived from (ServerSecret). */
export const SERVER_SECRET = Symbol('ServerSecret');

/** The task store itself, which TASK_STORE wraps to time its calls (TaskStore). */
export const STORE_OF_RECORD = Symbol('StoreOfRecord');
