import {
  accessSync,
  constants,
  lstatSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { placeholdersIn } from './argv-template.js';
import { CatalogueSchema, type JobSpec } from './catalogue-schema.js';
import { alwaysPresent, argumentSchema, type ParameterSpec } from './job-parameters.js';
import { isInside } from './sandbox.js';

/**
 * A job as the server runs it: the catalogue's entry with its command resolved to a file and its
 * lock ttl (if it has a lock) filled in.
 */
export interface JobDefinition extends Omit<JobSpec, 'lock'> {
  readonly lock?: NonNullable<JobSpec['lock']> & { readonly ttlSeconds: number };
  /** Absolute path of the program, found once at start-up. */
  readonly executable: string;
}

/** The longest a run can take: its timeout, then the grace before SIGKILL. */
function longestRunSeconds(job: JobSpec): number {
  return job.timeoutSeconds + job.killGraceSeconds;
}

/** A lock outlives the longest run unless the catalogue says otherwise (checked: not shorter). */
function lockTtlSeconds(job: JobSpec): number {
  return job.lock?.ttlSeconds ?? Math.max(60, longestRunSeconds(job));
}

export interface JobCatalogue {
  /** Canonical directory shared jobs run in (and below). */
  readonly sandbox: string;
  /** Canonical directory holding one workspace per owner. */
  readonly workspaces: string;
  readonly jobs: readonly JobDefinition[];
}

/** A catalogue that cannot be used; the message names the job and the field. */
export class CatalogueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogueError';
  }
}

export interface CatalogueOptions {
  /** The PATH to find bare command names on. */
  readonly path: string | undefined;
  /** Tool names already taken by other tools. */
  readonly reservedNames?: readonly string[];
  /** Default state directory, for the sandbox and workspaces a catalogue does not name. */
  readonly stateDir?: string;
}

/** Reads, validates and resolves a catalogue file (JSON, or YAML for .yaml / .yml). */
export function loadCatalogue(file: string, options: CatalogueOptions): JobCatalogue {
  const raw = readCatalogueFile(file);
  const parsed = CatalogueSchema.safeParse(raw);
  if (!parsed.success) throw new CatalogueError(describeIssue(parsed.error, raw));
  const base = dirname(resolve(file));
  const stateDir = options.stateDir ?? join(tmpdir(), `task-mcp-${process.getuid?.() ?? 'user'}`);
  if (parsed.data.sandbox === undefined || parsed.data.workspaces === undefined) {
    ownStateDirectory(stateDir);
  }
  const sandbox = directory(parsed.data.sandbox, base, join(stateDir, 'sandbox'), 'sandbox');
  const workspaces = directory(
    parsed.data.workspaces,
    base,
    join(stateDir, 'workspaces'),
    'workspaces',
  );
  if (isInside(sandbox, workspaces) || isInside(workspaces, sandbox)) {
    throw new CatalogueError(
      'workspaces: must not be inside the sandbox (nor the sandbox inside it): shared jobs could read every workspace',
    );
  }
  const seen = new Set(options.reservedNames ?? []);
  const jobs = parsed.data.jobs.map((job, index): JobDefinition => {
    const where = jobLabel(index, job.name);
    if (seen.has(job.name)) {
      throw new CatalogueError(`${where}.name: '${job.name}' is already the name of another tool`);
    }
    seen.add(job.name);
    checkJob(job, where);
    const { lock, ...rest } = job;
    return {
      ...rest,
      ...(lock ? { lock: { ...lock, ttlSeconds: lockTtlSeconds(job) } } : {}),
      executable: findExecutable(job.command, base, options.path, where),
    };
  });
  return { sandbox, workspaces, jobs };
}

function readCatalogueFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CatalogueError(`cannot read the catalogue file ${file}`);
  }
  try {
    return /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    const kind = /\.ya?ml$/i.test(file) ? 'YAML' : 'JSON';
    throw new CatalogueError(
      `the catalogue file is not valid ${kind}: ${(error as Error).message}`,
    );
  }
}

/** How messages name a job: `jobs[2] (build)`. */
function jobLabel(index: number, name: unknown): string {
  return typeof name === 'string' ? `jobs[${index}] (${name})` : `jobs[${index}]`;
}

/** `jobs[2] (build).timeoutSeconds: Too big: expected number to be <=86400` */
function describeIssue(error: z.ZodError, raw: unknown): string {
  const issue = error.issues[0]!;
  const [section, index, ...rest] = issue.path;
  let where: string;
  if (section === 'jobs' && typeof index === 'number') {
    const jobs = (raw as { jobs?: { name?: unknown }[] }).jobs;
    where = jobLabel(index, jobs?.[index]?.name) + pathText(rest, true);
  } else {
    where = pathText(issue.path, false);
  }
  // A bad record key (an env name, a parameter name) carries its reason one level down.
  const message = (issue.code === 'invalid_key' && issue.issues[0]?.message) || issue.message;
  return `${where || 'catalogue'}: ${message}`;
}

/** `parameters.n.default`, `env.pass[1]`; `continued` when it follows a job's label. */
function pathText(path: readonly PropertyKey[], continued: boolean): string {
  return path
    .map((key, i) =>
      typeof key === 'number' ? `[${key}]` : `${continued || i > 0 ? '.' : ''}${String(key)}`,
    )
    .join('');
}

/** The cross-field rules zod cannot see: placeholders, defaults, lock ttl against the timeout. */
function checkJob(job: JobSpec, where: string): void {
  const parameters = job.parameters as Record<string, ParameterSpec>;
  for (const [name, spec] of Object.entries(parameters)) {
    if (spec.default === undefined) continue;
    const checked = argumentSchema({ ...spec, default: undefined }).safeParse(spec.default);
    if (!checked.success) {
      throw new CatalogueError(
        `${where}.parameters.${name}.default: ${checked.error.issues[0]?.message ?? 'does not fit the parameter'}`,
      );
    }
  }
  job.args.forEach((arg, index) => {
    if (typeof arg === 'string') {
      checkTemplate(arg, parameters, `${where}.args[${index}]`, undefined);
      return;
    }
    const guard = parameters[arg.if];
    if (!guard) throw new CatalogueError(`${where}.args[${index}].if: no parameter '${arg.if}'`);
    arg.args.forEach((inner, innerIndex) =>
      checkTemplate(
        inner,
        parameters,
        `${where}.args[${index}].args[${innerIndex}]`,
        guard.type === 'boolean' ? undefined : arg.if,
      ),
    );
  });
  checkTemplate(job.cwd, parameters, `${where}.cwd`, undefined, { noPaths: true });
  if (job.confirm !== undefined) {
    checkTemplate(job.confirm, parameters, `${where}.confirm`, undefined);
  }
  if (job.lock) {
    checkTemplate(job.lock.name, parameters, `${where}.lock.name`, undefined, { noPaths: true });
    const runsFor = longestRunSeconds(job);
    if (job.lock.ttlSeconds !== undefined && job.lock.ttlSeconds < runsFor) {
      throw new CatalogueError(
        `${where}.lock.ttlSeconds: ${job.lock.ttlSeconds} is shorter than the longest run (timeoutSeconds + killGraceSeconds = ${runsFor}); runs could overlap`,
      );
    }
    if (runsFor > 86_400) {
      throw new CatalogueError(
        `${where}.timeoutSeconds: with a lock, timeoutSeconds + killGraceSeconds must fit in the longest lock ttl (86400)`,
      );
    }
  }
}

/**
 * Every placeholder must name a parameter that has a value whenever the template is used: a
 * required or defaulted one, or the parameter guarding the template's group.
 */
function checkTemplate(
  text: string,
  parameters: Record<string, ParameterSpec>,
  where: string,
  guardedBy: string | undefined,
  options: { noPaths?: boolean } = {},
): void {
  const { names, problem } = placeholdersIn(text);
  if (problem) throw new CatalogueError(`${where}: ${problem}`);
  for (const name of names) {
    const spec = parameters[name];
    if (!spec) throw new CatalogueError(`${where}: no parameter '${name}'`);
    if (options.noPaths && spec.type === 'path') {
      throw new CatalogueError(`${where}: a path parameter ('${name}') cannot be used here`);
    }
    if (!alwaysPresent(spec) && name !== guardedBy) {
      throw new CatalogueError(
        `${where}: parameter '${name}' is optional; give it a default, or put this argument in a group { "if": "${name}", "args": [...] }`,
      );
    }
  }
}

/**
 * The default state directory sits in a shared temporary directory, where another local user
 * could have made it first (or made it a symlink) to watch or feed our jobs. It must be a real
 * directory of ours that nobody else can write to.
 */
function ownStateDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const info = lstatSync(dir);
  const mine = process.getuid === undefined || info.uid === process.getuid();
  if (!info.isDirectory() || !mine || (info.mode & 0o022) !== 0) {
    throw new CatalogueError(
      `the state directory ${dir} is not a directory of this user that only it can write; remove it, point TASK_MCP_STATE_DIR at one of your own, or set sandbox and workspaces in the catalogue`,
    );
  }
}

/** The sandbox or workspaces root: created if missing (mode 0700), canonical, never '/'. */
function directory(
  configured: string | undefined,
  base: string,
  fallback: string,
  field: string,
): string {
  const wanted = configured === undefined ? fallback : resolve(base, configured);
  try {
    mkdirSync(wanted, { recursive: true, mode: 0o700 });
    const real = realpathSync(wanted);
    if (!statSync(real).isDirectory()) throw new Error('not a directory');
    if (real === '/')
      throw new CatalogueError(`${field}: the file system root cannot be a sandbox`);
    return real;
  } catch (error) {
    if (error instanceof CatalogueError) throw error;
    throw new CatalogueError(`${field}: cannot use ${wanted} as a directory`);
  }
}

/**
 * The program's absolute path: an absolute command as is, a relative one ('./bin/x') against the
 * catalogue's directory, a bare name on PATH. Found once here, so a job never runs whatever a
 * changed PATH would find later.
 */
function findExecutable(
  command: string,
  base: string,
  path: string | undefined,
  where: string,
): string {
  const candidates = command.includes('/')
    ? [isAbsolute(command) ? command : resolve(base, command)]
    : (path ?? '')
        .split(delimiter)
        .filter((dir) => isAbsolute(dir))
        .map((dir) => join(dir, command));
  for (const candidate of candidates) {
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  const how = command.includes('/') ? 'is not an executable file' : 'is not found on PATH';
  throw new CatalogueError(`${where}.command: '${command}' ${how}`);
}
