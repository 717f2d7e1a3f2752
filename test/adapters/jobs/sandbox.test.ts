import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  existingDirectoryInside,
  ownerWorkspace,
  resolveInside,
  SandboxError,
} from '../../../src/adapters/jobs/sandbox.js';
import { freshDirectory } from '../../support/jobs.js';
import { anOwner } from '../../support/task-mother.js';

describe('the sandbox', () => {
  const root = realpathSync(freshDirectory('task-mcp-sandbox-'));
  const outside = realpathSync(freshDirectory('task-mcp-outside-'));

  beforeAll(() => {
    mkdirSync(join(root, 'src/deep'), { recursive: true });
    writeFileSync(join(root, 'src/file.txt'), 'x');
    symlinkSync(outside, join(root, 'out'));
    symlinkSync('src', join(root, 'alias'));
    symlinkSync('out', join(root, 'chain'));
    symlinkSync(join(root, 'nowhere'), join(root, 'dangling'));
  });

  it('resolves paths inside the root, existing or not, through symlinks that stay inside', async () => {
    expect(await resolveInside(root, 'src/file.txt', 'p')).toBe(join(root, 'src/file.txt'));
    expect(await resolveInside(root, 'src/new/file.txt', 'p')).toBe(join(root, 'src/new/file.txt'));
    expect(await resolveInside(root, 'alias/file.txt', 'p')).toBe(join(root, 'src/file.txt'));
    expect(await resolveInside(root, '.', 'p')).toBe(root);
  });

  it.each([
    ['out/anything', /leads outside the sandbox/],
    ['out', /leads outside the sandbox/],
    ['chain/x', /leads outside the sandbox/],
    ['dangling', /cannot be resolved/],
    ['../x', /must not contain '..'/],
    ['src/../../x', /must not contain '..'/],
    ['/etc/passwd', /must be relative/],
    ['~root', /must be relative/],
    ['a\u0000b', /control character/],
    ['', /is empty/],
  ])('refuses %p', async (path, message) => {
    const attempt = resolveInside(root, path, 'The path');
    await expect(attempt).rejects.toThrow(SandboxError);
    await expect(attempt).rejects.toThrow(message);
  });

  it('refuses a working directory that is a file or missing', async () => {
    expect(await existingDirectoryInside(root, 'src/deep', 'cwd')).toBe(join(root, 'src/deep'));
    await expect(existingDirectoryInside(root, 'src/file.txt', 'cwd')).rejects.toThrow(
      /is not a directory/,
    );
    await expect(existingDirectoryInside(root, 'nope', 'cwd')).rejects.toThrow(
      /is not a directory/,
    );
  });

  it('names workspaces by a hash of the owner, one per owner, never the owner text', async () => {
    const workspaces = realpathSync(freshDirectory('task-mcp-workspaces-'));
    const alice = await ownerWorkspace(workspaces, anOwner('alice'));
    const bob = await ownerWorkspace(workspaces, anOwner('bob'));
    expect(alice).not.toBe(bob);
    expect(alice).toMatch(/\/[0-9a-f]{32}$/);
    expect(alice).not.toContain('alice');
    expect(await ownerWorkspace(workspaces, anOwner('alice'))).toBe(alice);
  });
});
