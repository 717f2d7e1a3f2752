/** Injection tokens of the composition root (the ports' own tokens live beside the ports). */

/** The validated configuration (Config). */
export const CONFIG = Symbol('Config');

/** The transport the server serves MCP through: HTTP or stdio (FrontDoor). */
export const FRONT_DOOR = Symbol('FrontDoor');

/** What the job catalogue binding loaded, for the banner and `task-mcp check` (JobsSummary). */
export const JOBS_SUMMARY = Symbol('JobsSummary');
