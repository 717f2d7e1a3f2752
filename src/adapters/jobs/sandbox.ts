import { createHash } from 'node:crypto';
import { lstat, mkdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { OwnerId } from '../../domain/index.js';
import { hasControlCharacter } from './control-characters.js';

/** A path a job asked for that would leave its root, or does not exist. Says which, never where. */
export class SandboxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxError';
  }
}

/**
 * Problems with a relative path as given, before touching the file system: absolute, '..', empty
 * segments, control characters. Undefined when it is acceptable.
 */
export function relativePathProblem(path: string): string | undefined {
  if (path.length === 0) return 'is empty';
  if (isAbsolute(path) || path.startsWith('~')) return 'must be relative, not absolute';
  if (hasControlCharacter(path) || path.includes('\\')) {
    return 'contains a control character or a backslash';
  }
  if (path.split('/').includes('..')) return "must not contain '..'";
  return undefined;
}

/** True when `path` is `root` or below it; both must be absolute and canonical. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Resolves `path` (relative) under `root` (canonical) and proves it stays there: the deepest part
 * that exists is canonicalised with realpath, so a symlink anywhere on the way that points out of
 * the root is refused. The part that does not exist yet holds no symlinks by definition.
 */
export async function resolveInside(root: string, path: string, what: string): Promise<string> {
  const problem = relativePathProblem(path);
  if (problem) throw new SandboxError(`${what} ${problem}`);
  const wanted = resolve(root, path);
  let existing = wanted;
  let rest = '';
  for (;;) {
    try {
      await lstat(existing);
      break;
    } catch {
      if (existing === root) throw new SandboxError(`${what}: the sandbox root is missing`);
      rest = rest ? join(baseName(existing), rest) : baseName(existing);
      existing = resolve(existing, '..');
    }
  }
  let real: string;
  try {
    real = await realpath(existing);
  } catch {
    throw new SandboxError(`${what} cannot be resolved (a broken symlink?)`);
  }
  if (!isInside(root, real)) throw new SandboxError(`${what} leads outside the sandbox`);
  return rest ? join(real, rest) : real;
}

/**
 * Like resolveInside, for a directory that must already exist. `root` is canonical (callers make
 * it so once), so the root itself, `.`, needs no file system check.
 */
export async function existingDirectoryInside(
  root: string,
  path: string,
  what: string,
): Promise<string> {
  if (path === '.') return root;
  const resolved = await resolveInside(root, path, what);
  const info = await stat(resolved).catch(() => undefined);
  if (!info?.isDirectory()) throw new SandboxError(`${what} '${path}' is not a directory here`);
  return resolved;
}

/**
 * The workspace directory of `owner` under `workspacesRoot`, created on first use (mode 0700).
 * Its name is a hash of the owner key: never anything a caller typed, and never the same for two
 * owners.
 */
export async function ownerWorkspace(workspacesRoot: string, owner: OwnerId): Promise<string> {
  const name = createHash('sha256').update(owner).digest('hex').slice(0, 32);
  const dir = join(workspacesRoot, name);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const real = await realpath(dir);
  if (!isInside(workspacesRoot, real))
    throw new SandboxError('The workspace leads outside its root');
  return real;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf(sep) + 1);
}
