// npm's prepare step: builds dist/ so that a git or folder install gives a working binary. npm
// runs it after `npm ci` / `npm install` here, before `npm pack`, and for a git dependency after
// installing its dev dependencies. A folder whose dependencies were never installed cannot build:
// say so plainly instead of failing on a missing compiler.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let tsc;
try {
  tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  if (existsSync(join(root, 'dist', 'src', 'main.js'))) process.exit(0);
  console.error(
    `task-mcp: cannot build dist/ in ${root}: its dependencies are not installed; run \`npm ci\` there first`,
  );
  process.exit(1);
}
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
