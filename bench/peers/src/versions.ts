import { readFileSync } from 'node:fs';

/**
 * The version of a package as this bench package resolves it (its `node_modules`, where pnpm
 * links the dev dependencies and the workspace's own packages; a dependency of one of those as
 * `<package>/node_modules/<dependency>`).
 */
export function packageVersion(name: string): string {
  const url = new URL(`../node_modules/${name}/package.json`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}
