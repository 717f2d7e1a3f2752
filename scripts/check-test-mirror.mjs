// Checks that test/ mirrors src/: every src/<dirs>/<name>.ts has test/<dirs>/<name>.test.ts (or
// test/<dirs>/<name>.<anything>.test.ts, such as a property test), and every test under a mirrored
// folder names a src file that exists. The exceptions live in test-mirror-allow-list.json, each with
// the reason it is one; an exception that no longer applies fails too, so the list cannot drift.
//
// Not mirrored, so never checked: test/e2e, test/contracts, test/support and files directly in test/.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, relative, sep } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const allowListFile = 'scripts/test-mirror-allow-list.json';
const unmirroredTestFolders = ['test/e2e/', 'test/contracts/', 'test/support/'];

/** Every file below `folder` whose name ends with `suffix`, as repo-relative POSIX paths. */
function filesUnder(folder, suffix) {
  return readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** `src/a/b/x.ts` -> `test/a/b/` and `x`. */
function mirrorOf(srcFile) {
  const path = srcFile.slice('src/'.length, -'.ts'.length);
  const slash = path.lastIndexOf('/');
  return { folder: `test/${path.slice(0, slash + 1)}`, name: path.slice(slash + 1) };
}

/** Whether `testFile` is a test for a src file whose mirror is `folder` + `name`. */
function testsMirror(testFile, { folder, name }) {
  if (!testFile.startsWith(folder)) return false;
  const file = testFile.slice(folder.length);
  return !file.includes('/') && (file === `${name}.test.ts` || file.startsWith(`${name}.`));
}

function readAllowList() {
  const entries = JSON.parse(readFileSync(join(root, allowListFile), 'utf8'));
  const problems = [];
  const reasons = new Map();
  for (const entry of entries) {
    const where = JSON.stringify(entry.path);
    if (typeof entry.path !== 'string' || !/^(src|test)\//.test(entry.path)) {
      problems.push(`${where}: an entry names a path under src/ or test/`);
    } else if (typeof entry.reason !== 'string' || entry.reason.trim().length < 10) {
      problems.push(`${where}: says why it is an exception (a reason of a few words at least)`);
    } else if (reasons.has(entry.path)) {
      problems.push(`${where}: listed twice`);
    } else {
      reasons.set(entry.path, entry.reason);
    }
  }
  return { reasons, problems };
}

const srcFiles = filesUnder('src', '.ts');
const srcSet = new Set(srcFiles);
const testFiles = filesUnder('test', '.test.ts');
const mirroredTests = testFiles.filter(
  (file) =>
    file.slice('test/'.length).includes('/') &&
    !unmirroredTestFolders.some((folder) => file.startsWith(folder)),
);
const { reasons, problems: badEntries } = readAllowList();

const tested = srcFiles.filter((file) =>
  mirroredTests.some((test) => testsMirror(test, mirrorOf(file))),
);
const untested = srcFiles.filter((file) => !tested.includes(file));
const testsOfNothing = mirroredTests.filter(
  (test) => !srcFiles.some((file) => testsMirror(test, mirrorOf(file))),
);

const missing = untested.filter((file) => !reasons.has(file));
const strays = testsOfNothing.filter((file) => !reasons.has(file));
const stale = [...reasons.keys()].flatMap((path) => {
  if (!existsSync(join(root, path))) return [`${path}: no longer exists`];
  if (path.startsWith('src/')) {
    if (!srcSet.has(path)) return [`${path}: is not a src .ts file`];
    if (tested.includes(path)) return [`${path}: now has a test at the mirrored path`];
  } else if (!testsOfNothing.includes(path)) {
    return [`${path}: is not a test at an unmirrored path (any more)`];
  }
  return [];
});

const allowedSrc = untested.length - missing.length;
const allowedTests = testsOfNothing.length - strays.length;
console.log(
  `test mirror: ${tested.length} of ${srcFiles.length} src files have a test at the mirrored path; ` +
    `${allowedSrc} allow-listed` +
    (allowedTests > 0 ? `; ${allowedTests} test files at unmirrored paths allow-listed` : ''),
);

const failures = [
  ['src files without a test at the mirrored path (test/<dirs>/<name>.test.ts):', missing],
  ['tests that mirror no src file (rename them after the file they test):', strays],
  [`stale entries in ${allowListFile} (remove them):`, stale],
  [`malformed entries in ${allowListFile}:`, badEntries],
].filter(([, files]) => files.length > 0);
for (const [heading, files] of failures) {
  console.error(`\n${heading}`);
  for (const file of files) console.error(`  ${file}`);
}
if (failures.length > 0) {
  console.error(`\nAdd the test, or an entry with its reason to ${allowListFile}.`);
  process.exit(1);
}
