/** The scripts npm run bench runs in node processes of their own, as built into dist/. */
import { fileURLToPath } from 'node:url';

const built = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** The entry point of this checkout's task-mcp, as built into dist/. */
export const TASK_MCP_MAIN = built('../src/main.js');
/** The SDK's stateless example with its InMemoryTaskStore: the anchor. */
export const STOCK_SERVER = built('./stock-server.js');
/** node:http answering a fixed body: the ceiling. */
export const BARE_SERVER = built('./bare-server.js');
/** Fills a store with 100k tasks in a process of its own and prints its memory. */
export const MEMORY_PROBE = built('./memory.js');
/** Sends task-mcp a huge progress token it never reads the answers of, and prints its RSS. */
export const PROGRESS_TOKEN_ATTACK = built('./progress-token-attack.js');
