import { createHash } from 'node:crypto';

const names = new Map<string, string>();
/** Texts remembered at most (filter shapes are few in practice; past this the memo restarts). */
const REMEMBERED = 10_000;

/**
 * The prepared-statement name of a SQL text: `tagout_` and a hash of the text, so one name
 * always goes with one text (the driver requires it) and stores on different schemas sharing
 * a pool never collide. Names are remembered per text, so hashing happens once per text.
 */
export function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `tagout_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    if (names.size >= REMEMBERED) names.clear();
    names.set(text, name);
  }
  return name;
}
