import { readFileSync } from 'node:fs';

/**
 * True when no live process has this pid: none at all, or only a zombie waiting for its parent
 * (a container's init may be slow to reap orphans; a zombie runs nothing).
 */
export function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}
