/**
 * An include line: `--- @include "<name>"`, naming the file `src/lua/includes/<name>.lua`
 * (lowercase letters, digits and `-`), as BullMQ's scripts name theirs.
 */
const INCLUDE = /^---[ \t]*@include[ \t]+"([a-z0-9-]+)"[ \t]*$/;

/**
 * The include whose writes wait for the script's end (`at_end`): a script that includes it, even
 * through another include, runs its body as a function, then the flushes, then returns the reply.
 */
const DEFERRED_INCLUDE = 'deferred';

/**
 * `body` run as a function, followed by the flushes registered with `at_end` and `at_end_last`
 * (`run_deferred()` of the include `deferred`), then its reply. Every `return` of the body,
 * wherever it is, so goes through the flushes.
 */
function deferringBody(body: string): string {
  return [
    'local function script_body()',
    body,
    'end',
    'local script_reply = script_body()',
    'run_deferred()',
    'return script_reply',
  ].join('\n');
}

/** A Lua file split into the includes it names and the rest of its text. */
interface LuaFile {
  includes: string[];
  body: string;
}

/**
 * Splits `source` into its include lines and its other lines. Include lines stand at the top,
 * among the header comments, before the first line of code.
 * @throws Error for an include line after code, a malformed one, or an include named twice.
 */
function parse(file: string, source: string): LuaFile {
  const includes: string[] = [];
  const body: string[] = [];
  let code = false;
  for (const line of source.split('\n')) {
    const match = INCLUDE.exec(line);
    if (match === null) {
      if (/^\s*--.*@include/.test(line)) throw new Error(`tagout: ${file}: malformed include line: ${line}`);
      if (!code && line.trim() !== '' && !line.startsWith('--')) code = true;
      body.push(line);
      continue;
    }
    const name = match[1]!;
    if (code) throw new Error(`tagout: ${file}: include "${name}" after the first line of code`);
    if (includes.includes(name)) throw new Error(`tagout: ${file} includes "${name}" twice`);
    includes.push(name);
  }
  return { includes, body: body.join('\n') };
}

/**
 * The text Redis runs for the script `file` of text `source`: every include it names,
 * transitively, each once, an include after the includes it names itself (depth first, in the
 * order named), then the script without its include lines (run as a function followed by the
 * deferred writes when the include `deferred` is among them: see {@link deferringBody}). Lua
 * needs a `local` defined before the code that uses it, and each include defines the helpers of
 * one concept.
 * @param readInclude the text of the include `name`, or undefined when there is none.
 * @throws Error naming the chain of includes for an include that does not exist or a cycle,
 * and for a malformed or misplaced include line.
 */
export function bundleLua(
  file: string,
  source: string,
  readInclude: (name: string) => string | undefined,
): string {
  const parts: string[] = [];
  const emitted = new Set<string>();
  const visit = (name: string, chain: readonly string[]): void => {
    const path = [...chain, name].join(' -> ');
    if (chain.includes(name)) throw new Error(`tagout: ${file}: Lua include cycle ${path}`);
    if (emitted.has(name)) return;
    const text = readInclude(name);
    if (text === undefined) throw new Error(`tagout: ${file}: Lua include "${name}" not found (${path})`);
    const include = parse(`include ${name}`, text);
    for (const child of include.includes) visit(child, [...chain, name]);
    emitted.add(name);
    parts.push(include.body);
  };
  const script = parse(file, source);
  for (const name of script.includes) visit(name, []);
  parts.push(emitted.has(DEFERRED_INCLUDE) ? deferringBody(script.body) : script.body);
  return parts.join('\n');
}
