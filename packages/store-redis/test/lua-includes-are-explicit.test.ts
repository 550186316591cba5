import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INCLUDE_DIRS, SCRIPT_NAMES, scriptFile, scriptSource } from '../src/scripts.js';

const SRC = new URL('../src/', import.meta.url);

/** Every include file: its name and where it is, in the order of INCLUDE_DIRS. */
const includeFiles = INCLUDE_DIRS.flatMap((dir) =>
  readdirSync(new URL(dir, SRC))
    .filter((file) => file.endsWith('.lua'))
    .map((file) => ({ name: file.slice(0, -'.lua'.length), url: new URL(`${dir}${file}`, SRC) })),
);

/** Comments and string literals, which name no helper. */
const NOT_CODE = /--[^\n]*|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g;
const DEFINITION = /^local (?:function )?([A-Za-z_][A-Za-z0-9_]*)/gm;
const INCLUDE = /^--- @include "([^"]+)"$/gm;

const includeNames = includeFiles.map((file) => file.name);
const includeText = new Map(includeFiles.map((file) => [file.name, readFileSync(file.url, 'utf8')]));
const scriptText = new Map(SCRIPT_NAMES.map((name) => [name, readFileSync(scriptFile(name), 'utf8')]));

function definitions(text: string): string[] {
  return [...text.matchAll(DEFINITION)].map((match) => match[1]!);
}

/** Which include defines each helper. */
const definedIn = new Map(
  includeNames.flatMap((name) =>
    definitions(includeText.get(name)!).map((helper) => [helper, name] as const),
  ),
);

function mentions(code: string, helper: string): RegExpExecArray | null {
  return new RegExp(`(?<![A-Za-z0-9_.:])${helper}(?![A-Za-z0-9_])`).exec(code);
}

/** The includes whose helpers `text` uses, other than helpers it defines itself. */
function used(text: string): string[] {
  const code = text.replace(NOT_CODE, '');
  const own = new Set(definitions(text));
  const found = new Set<string>();
  for (const [helper, include] of definedIn) {
    if (!own.has(helper) && mentions(code, helper) !== null) found.add(include);
  }
  return [...found].sort();
}

function named(text: string): string[] {
  return [...text.matchAll(INCLUDE)].map((match) => match[1]!).sort();
}

describe('the Lua scripts and their includes', () => {
  it('no two include directories hold an include of the same name', () => {
    expect(includeNames.filter((name, i) => includeNames.indexOf(name) !== i)).toEqual([]);
  });

  it('every file names exactly the includes whose helpers it uses', () => {
    const files = [
      ...[...scriptText].map(([name, text]) => [`${name}.lua`, text] as const),
      ...[...includeText].map(([name, text]) => [`include ${name}`, text] as const),
    ];
    for (const [file, text] of files)
      expect({ file, includes: named(text) }).toEqual({ file, includes: used(text) });
  });

  it('every helper a script runs is defined before its first use, and every include is used', () => {
    const reached = new Set<string>();
    for (const name of SCRIPT_NAMES) {
      const code = scriptSource(name).replace(NOT_CODE, '');
      for (const [helper, include] of definedIn) {
        const first = mentions(code, helper);
        if (first === null) continue;
        reached.add(include);
        const definition = new RegExp(`(?<=^local (?:function )?)${helper}\\b`, 'm').exec(code);
        expect({ name, helper, at: first.index }).toEqual({ name, helper, at: definition?.index });
      }
    }
    expect([...reached].sort()).toEqual([...includeNames].sort());
  });

  it('scripts that are given no `now` never read the server clock', () => {
    for (const name of [
      'history',
      'history-upgrade',
      'backoff-ends-upgrade',
      'machine-history-upgrade',
      'machine-get',
      'processes-list',
    ] as const) {
      expect({ name, clock: scriptSource(name).includes("redis.call('TIME')") }).toEqual({
        name,
        clock: false,
      });
    }
  });
});
