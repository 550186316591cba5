/** One top-level definition of a helper file: the name it defines and its source. */
interface Definition {
  name: string;
  source: string;
}

const DEFINITION = /^local (?:function )?([A-Za-z_][A-Za-z0-9_]*)/;

/**
 * Splits helper source into its top-level definitions (`local function f` or `local x =`
 * at column 0), each with the comment lines just above it. Definitions are separated by
 * blank lines; a paragraph of comments alone (a file header) is dropped, any other
 * paragraph continues the definition before it.
 */
function definitions(helpers: string): Definition[] {
  const found: Definition[] = [];
  for (const paragraph of helpers.split(/\n\s*\n/)) {
    const code = paragraph.split('\n').find((line) => !line.startsWith('--'));
    if (code === undefined) continue;
    const match = DEFINITION.exec(code);
    if (match !== null) found.push({ name: match[1]!, source: paragraph });
    else if (found.length > 0) found.at(-1)!.source += `\n\n${paragraph}`;
    else throw new Error(`tagout: Lua helper code outside a definition: ${code}`);
  }
  return found;
}

function mentions(source: string, name: string): boolean {
  return new RegExp(`(?<![A-Za-z0-9_.])${name}(?![A-Za-z0-9_])`).test(source);
}

/**
 * The script `body` preceded by only the helper definitions it uses, directly or through
 * other helpers, in their original order. Redis runs the whole chunk on every call, and
 * each `local function` is a fresh closure each time, so unused helpers cost CPU.
 */
export function bundleLua(helpers: string, body: string): string {
  const all = definitions(helpers);
  const needed = new Set<Definition>();
  let frontier = [body];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const definition of all) {
      if (!needed.has(definition) && frontier.some((source) => mentions(source, definition.name))) {
        needed.add(definition);
        next.push(definition.source);
      }
    }
    frontier = next;
  }
  return [...all.filter((definition) => needed.has(definition)).map((d) => d.source), body].join('\n');
}
