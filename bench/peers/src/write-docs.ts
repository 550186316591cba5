import { readFile, writeFile } from 'node:fs/promises';

const BEGIN = '<!-- bench:peers:begin (written by `pnpm bench:peers --write`) -->';
const END = '<!-- bench:peers:end -->';

/** docs/performance.md of the repository this bench lives in. */
export const PERFORMANCE_DOC = new URL('../../../docs/performance.md', import.meta.url);

/**
 * Replaces what stands between the bench:peers markers of `file` with `block`.
 * @throws Error when the markers are missing (add them where the section belongs).
 */
export async function writeMarkedSection(file: URL, block: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`${file.pathname}: markers missing:\n${BEGIN}\n${END}`);
  await writeFile(file, `${text.slice(0, begin + BEGIN.length)}\n\n${block.trim()}\n\n${text.slice(end)}`);
}
