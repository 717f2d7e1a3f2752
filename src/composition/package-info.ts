import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageInfo {
  readonly name: string;
  readonly version: string;
  /** The package's root directory (where package.json and catalogue/ are). */
  readonly root: string;
}

let cached: PackageInfo | undefined;

/**
 * task-mcp's own package.json, read once. This file runs from src/ under tests and from dist/src/
 * when built or installed, so the package root is found by walking up.
 */
export function packageInfo(): PackageInfo {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let level = 0; level < 5; level++) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (manifest.name === 'task-mcp' && typeof manifest.version === 'string') {
        cached = { name: manifest.name, version: manifest.version, root: dir };
        return cached;
      }
    } catch {
      // Not here; one level up.
    }
    dir = dirname(dir);
  }
  throw new Error("task-mcp's package.json is missing");
}
