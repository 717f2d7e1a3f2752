import { inject, injectable } from 'inversify';
import { AUDIT_LOG, type AuditLog } from '../../application/ports/audit-log.js';
import type { JobCatalogue } from './catalogue-loader.js';
import { JobTool, type JobToolOptions } from './job-tool.js';
import { LiveProcessGroups } from './live-process-groups.js';

/** The loaded job catalogue the server serves (JobCatalogue). */
export const JOB_CATALOGUE = Symbol('JobCatalogue');

/** What every job tool of the server shares, apart from the collaborators it is given. */
export type CatalogueToolSettings = Pick<JobToolOptions, 'serverEnv' | 'maxResultBytes'>;

/** The settings every job tool shares (CatalogueToolSettings). */
export const CATALOGUE_TOOL_SETTINGS = Symbol('CatalogueToolSettings');

/**
 * One task tool per job of the loaded catalogue, each registering its processes with the live
 * process groups and recording to the audit log.
 */
@injectable()
export class CatalogueTools {
  private readonly byName = new Map<string, JobTool>();

  constructor(
    @inject(JOB_CATALOGUE) catalogue: JobCatalogue,
    @inject(CATALOGUE_TOOL_SETTINGS) settings: CatalogueToolSettings,
    @inject(LiveProcessGroups) processGroups: LiveProcessGroups,
    @inject(AUDIT_LOG) audit: AuditLog,
  ) {
    for (const job of catalogue.jobs) {
      this.byName.set(job.name, new JobTool(job, catalogue, { ...settings, processGroups, audit }));
    }
  }

  /** The tool of the catalogue's job of this name; throws for a name the catalogue lacks. */
  tool(jobName: string): JobTool {
    const tool = this.byName.get(jobName);
    if (!tool) throw new Error(`The job catalogue has no job '${jobName}'`);
    return tool;
  }
}
