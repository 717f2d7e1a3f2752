import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageInfo } from '../../src/composition/package-info.js';
import { repoRoot } from '../support/isolated-env.js';

describe('packageInfo', () => {
  it("finds task-mcp's own package.json from wherever it runs", () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    const info = packageInfo();
    expect(info).toEqual({ name: 'task-mcp', version: manifest.version, root: expect.any(String) });
    expect(join(info.root, '/')).toBe(repoRoot);
  });

  it('reads it once', () => {
    expect(packageInfo()).toBe(packageInfo());
  });
});
