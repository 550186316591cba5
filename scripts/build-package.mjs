// Builds the package in the current directory to dist/: ESM JavaScript, .d.ts, declaration maps
// and source maps (tsc -p tsconfig.build.json), then copies every file of src/ that tsc does not
// compile (the Redis store's Lua scripts, SQL files) beside the JavaScript that reads it at run
// time. Run by each package's `build` script; `pnpm build` at the root runs them all in
// dependency order (core first: the other packages type against its dist/*.d.ts).
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
cpSync('src', 'dist', {
  recursive: true,
  filter: (source) => !source.endsWith('.ts'),
});
