import { join } from 'node:path';
import type { Container } from 'inversify';
import { TASK_TOOL } from '../../application/ports/task-tool.js';
import {
  CatalogueError,
  loadCatalogue,
  type CatalogueOptions,
  type JobCatalogue,
} from '../../adapters/jobs/catalogue-loader.js';
import {
  CATALOGUE_TOOL_SETTINGS,
  CatalogueTools,
  JOB_CATALOGUE,
  type CatalogueToolSettings,
} from '../../adapters/jobs/catalogue-tools.js';
import { LiveProcessGroups } from '../../adapters/jobs/live-process-groups.js';
import { ConfigError, type Config } from '../config/load-config.js';
import { packageInfo } from '../package-info.js';
import { JOBS_SUMMARY } from '../tokens.js';
import { DEMO_TOOL_NAMES, demoToolsOn } from './demo-tools.js';

/** What the banner and `task-mcp check` say about the catalogue in use. */
export interface JobsSummary {
  readonly file: string;
  readonly jobs: readonly string[];
  readonly sandbox: string;
  readonly workspaces: string;
  readonly demoTools: boolean;
}

/**
 * Binds one tool per job of the catalogue (TASK_MCP_JOBS, or the bundled example). A bad catalogue
 * stops start-up with a ConfigError naming the job and the field; so does a job named like a demo
 * tool while those are on (bindDemoTools binds them).
 */
export function bindJobs(
  container: Container,
  config: Config,
  env: Readonly<Record<string, string | undefined>> = process.env,
): void {
  const file = config.TASK_MCP_JOBS ?? bundledCataloguePath();
  const demoTools = demoToolsOn(config);
  const catalogue = loadOrExplain(file, {
    path: env.PATH,
    reservedNames: demoTools ? DEMO_TOOL_NAMES : [],
    ...(config.TASK_MCP_STATE_DIR === undefined ? {} : { stateDir: config.TASK_MCP_STATE_DIR }),
  });
  const settings: CatalogueToolSettings = {
    serverEnv: env,
    maxResultBytes: config.TASK_MCP_MAX_RESULT_BYTES,
  };
  container.bind(JOB_CATALOGUE).toConstantValue(catalogue);
  container.bind(CATALOGUE_TOOL_SETTINGS).toConstantValue(settings);
  container.bind(LiveProcessGroups).toSelf();
  container.bind(CatalogueTools).toSelf();
  for (const job of catalogue.jobs) {
    container
      .bind(TASK_TOOL)
      .toResolvedValue((tools: CatalogueTools) => tools.tool(job.name), [CatalogueTools]);
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
