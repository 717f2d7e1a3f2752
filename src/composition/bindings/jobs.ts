import { AUDIT_LOG, type AuditLog } from '../../application/ports/audit-log.js';
import { join } from 'node:path';
import type { Container } from 'inversify';
import { TASK_TOOL } from '../../application/ports/task-tool.js';
import {
  CatalogueError,
  loadCatalogue,
  type CatalogueOptions,
  type JobCatalogue,
} from '../../adapters/jobs/catalogue-loader.js';
import { JobTool } from '../../adapters/jobs/job-tool.js';
import { PrimesTool } from '../../adapters/tools/primes-tool.js';
import { WaitTool } from '../../adapters/tools/wait-tool.js';
import { GuessNumberTool } from '../../adapters/tools/guess-number-tool.js';
import { LiveProcessGroups } from '../../adapters/jobs/live-process-groups.js';
import { ConfigError, type Config } from '../config/load-config.js';
import { packageInfo } from '../package-info.js';
import { JOBS_SUMMARY } from '../tokens.js';

const DEMO_TOOL_NAMES = ['count_primes', 'wait', 'guess_number'];

/** What the banner and `task-mcp check` say about the catalogue in use. */
export interface JobsSummary {
  readonly file: string;
  readonly jobs: readonly string[];
  readonly sandbox: string;
  readonly workspaces: string;
  readonly demoTools: boolean;
}

/**
 * Binds one tool per job of the catalogue (TASK_MCP_JOBS, or the bundled example), plus the demo
 * tools when they are on: by default only with the bundled catalogue. A bad catalogue stops
 * start-up with a ConfigError naming the job and the field.
 */
export function bindJobs(
  container: Container,
  config: Config,
  env: Readonly<Record<string, string | undefined>> = process.env,
): void {
  const file = config.TASK_MCP_JOBS ?? bundledCataloguePath();
  const demoTools = config.TASK_MCP_DEMO_TOOLS ?? config.TASK_MCP_JOBS === undefined;
  if (demoTools) {
    container.bind(TASK_TOOL).to(PrimesTool);
    container.bind(TASK_TOOL).to(WaitTool);
    container.bind(TASK_TOOL).to(GuessNumberTool);
  }
  const catalogue = loadOrExplain(file, {
    path: env.PATH,
    reservedNames: demoTools ? DEMO_TOOL_NAMES : [],
    ...(config.TASK_MCP_STATE_DIR === undefined ? {} : { stateDir: config.TASK_MCP_STATE_DIR }),
  });
  container.bind(LiveProcessGroups).toSelf();
  for (const job of catalogue.jobs) {
    container.bind(TASK_TOOL).toDynamicValue(
      (context) =>
        new JobTool(job, catalogue, {
          serverEnv: env,
          maxResultBytes: config.TASK_MCP_MAX_RESULT_BYTES,
          processGroups: context.get(LiveProcessGroups),
          audit: context.get<AuditLog>(AUDIT_LOG),
        }),
    );
  }
  const summary: JobsSummary = {
    file,
    jobs: catalogue.jobs.map((job) => job.name),
    sandbox: catalogue.sandbox,
    workspaces: catalogue.workspaces,
    demoTools,
  };
  container.bind(JOBS_SUMMARY).toConstantValue(summary);
}

/** The catalogue, or a ConfigError saying what is wrong with it and in which file. */
function loadOrExplain(file: string, options: CatalogueOptions): JobCatalogue {
  try {
    return loadCatalogue(file, options);
  } catch (error) {
    if (error instanceof CatalogueError) {
      throw new ConfigError(`TASK_MCP_JOBS: ${error.message} (in ${file})`);
    }
    throw error;
  }
}

/** The example catalogue shipped with the package. */
export function bundledCataloguePath(): string {
  return join(packageInfo().root, 'catalogue', 'example.json');
}
