/**
 * task-mcp with the MCP conformance suite's fixture tools bound besides its own, for
 * conformance/run.mjs (CI). Same settings as `task-mcp` (TASK_MCP_*); never the default server.
 */
import 'reflect-metadata';
import { TASK_TOOL } from '../src/application/ports/task-tool.js';
import { loadConfig } from '../src/composition/config/load-config.js';
import { buildContainer } from '../src/composition/container.js';
import { serve } from '../src/composition/serve.js';
import { CONFORMANCE_TOOLS } from './conformance-tools.js';

const container = buildContainer(loadConfig(process.env));
for (const tool of CONFORMANCE_TOOLS) container.bind(TASK_TOOL).toConstantValue(tool);
process.exit(await serve(container));
