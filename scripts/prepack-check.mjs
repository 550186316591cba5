// `prepack` of every package: refuses to pack or publish what users could not use. npm keeps
// the source `exports` and the `workspace:` ranges (only pnpm applies `publishConfig` and
// rewrites them), and a package packed before `pnpm build` has no dist/ to point at.
import { existsSync, readFileSync } from 'node:fs';

const agent = process.env.npm_config_user_agent ?? '';
const fail = (why) => {
  console.error(`tagout: cannot pack ${JSON.parse(readFileSync('package.json', 'utf8')).name}: ${why}`);
  process.exit(1);
};
if (!agent.startsWith('pnpm/'))
  fail('pack and publish with pnpm (`pnpm pack`, `changeset publish`), not npm');
if (!existsSync('dist/index.js')) fail('dist/ is missing: run `pnpm build` first');
