// The packaging check (`pnpm check:packages`, run by .ci/run after the tests): builds every
// package, packs it as `pnpm publish` would, lints each tarball with publint and
// @arethetypeswrong/cli, installs the tarballs with npm into a fresh project outside the repo
// (no TypeScript tooling), runs .ci/package-smoke/smoke.ts there as plain JavaScript with
// `node`, runs the installed `tagout` command on the SQLite file that program leaves, then
// installs TypeScript and typechecks the same file against the installed .d.ts.
// Exits non-zero at the first failure. Needs Redis (TAGOUT_REDIS_URL, default 127.0.0.1:6379) and
// Postgres (TAGOUT_PG_URL, default postgres://postgres@127.0.0.1:5432/test) for the smoke
// program's parts on them, and the npm registry for the tarballs' dependencies.

import { deepStrictEqual, match } from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const fixtures = join(import.meta.dirname, 'package-smoke');
const require = createRequire(join(root, 'package.json'));
const started = Date.now();

function step(title) {
  console.log(`\n-- ${title} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

function run(command, args, cwd = root, { quiet = false } = {}) {
  // JOBS: node-gyp compiles better-sqlite3's sources in parallel when no prebuilt binary can be had.
  const env = { ...process.env, JOBS: 'max' };
  execFileSync(command, args, { cwd, env, stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'] });
}

/** pnpm as this script was started (`pnpm check:packages`), else pnpm 10 through npx. */
function pnpm(args, options) {
  const execPath = process.env.npm_execpath ?? '';
  if (/pnpm/.test(execPath)) run(process.execPath, [execPath, ...args], root, options);
  else run('npx', ['-y', 'pnpm@10', ...args], root, options);
}

function bin(name) {
  return join(root, 'node_modules', '.bin', name);
}

const work = mkdtempSync(join(tmpdir(), 'tagout-packages-'));
const tarballs = join(work, 'tarballs');
const project = join(work, 'project');
console.log(`working in ${work} (removed when every check passed)`);

step('build every package');
pnpm(['-r', 'build']);

step('pack every package (pnpm pack: publishConfig applied, workspace: ranges replaced)');
// Only packages/*: the workspace also holds private packages (bench/peers) that are never published.
pnpm(['-r', '--filter', './packages/*', 'pack', '--pack-destination', tarballs], { quiet: true });
const packed = readdirSync(tarballs)
  .filter((file) => file.endsWith('.tgz'))
  .map((file) => join(tarballs, file));
const expected = readdirSync(join(root, 'packages')).length;
if (packed.length !== expected) throw new Error(`packed ${packed.length} tarballs, expected ${expected}`);

for (const tarball of packed) {
  step(`lint ${tarball.slice(tarballs.length + 1)}`);
  run(bin('publint'), ['run', tarball, '--strict']);
  run(bin('attw'), [tarball, '--profile', 'esm-only']);
}

step('install the tarballs with npm into a fresh project');
run('mkdir', ['-p', project]);
copyFileSync(join(fixtures, 'package.json'), join(project, 'package.json'));
copyFileSync(join(fixtures, 'tsconfig.json'), join(project, 'tsconfig.json'));
copyFileSync(join(fixtures, 'smoke.ts'), join(project, 'smoke.ts'));
run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...packed], project);
const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8'));
for (const [path, entry] of Object.entries(lock.packages)) {
  if (path.includes('@tagout/') && !entry.resolved?.startsWith('file:')) {
    throw new Error(`${path} was not installed from a tarball: ${entry.resolved}`);
  }
}
if (existsSync(join(project, 'node_modules', 'typescript'))) throw new Error('typescript was installed');

step('run the smoke program with plain node');
const { transpileModule, ModuleKind, ScriptTarget } = require('typescript');
const source = readFileSync(join(fixtures, 'smoke.ts'), 'utf8');
const { outputText } = transpileModule(source, {
  compilerOptions: { module: ModuleKind.ESNext, target: ScriptTarget.ES2022, verbatimModuleSyntax: true },
});
writeFileSync(join(project, 'smoke.mjs'), outputText);
run(process.execPath, ['smoke.mjs'], project);

step("run the installed tagout command (its shebang: plain node) on the smoke program's SQLite file");
const machinesJson = execFileSync(
  join(project, 'node_modules', '.bin', 'tagout'),
  ['machines', '--store', `sqlite:${join(project, 'smoke.db')}`, '--processes', 'AgentStart', '--json'],
  { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
);
const machines = JSON.parse(machinesJson);
deepStrictEqual(machines.length, 1, machinesJson);
match(machines[0].id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
deepStrictEqual(machines[0].tags.Provided.value, { provider: 'smoke' });
deepStrictEqual(machines[0].tags.AgentStarted.value, { publicKey: 'k1' });
console.log('tagout machines --json: ok');

step('typecheck the same program against the installed .d.ts');
const typescript = require('typescript/package.json').version;
const typesNode = require('@types/node/package.json').version;
run(
  'npm',
  [
    'install',
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    '--no-save',
    `typescript@${typescript}`,
    `@types/node@${typesNode}`,
  ],
  project,
);
run(
  process.execPath,
  [join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'],
  project,
);

rmSync(work, { recursive: true, force: true });
step('packages: ok');
