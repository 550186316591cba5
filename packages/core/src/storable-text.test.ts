import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { whyNotStorableText } from './json.js';
import { LIMITS } from './limits.js';
import { toStorableText } from './storable-text.js';
import { checkCause } from './validate.js';

/** Any UTF-16 text, weighted towards what core refuses: U+0000, lone and split surrogate halves. */
const anyText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '😀', 'x', ' '),
    fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  ),
  maxLength: 300,
});
const anyMax = fc.integer({ min: 1, max: 320 });

describe('toStorableText', () => {
  it('gives text core accepts, within the length asked', () => {
    fc.assert(
      fc.property(anyText, anyMax, (text, max) => {
        const stored = toStorableText(text, max);
        expect(whyNotStorableText(stored)).toBeUndefined();
        expect(stored.length).toBeLessThanOrEqual(max);
      }),
    );
  });

  it('gives non-blank text a cause core accepts', () => {
    const long = fc.string({ unit: fc.constantFrom('😀', '\u0000', '\uD83D', 'x', ' '), minLength: 4000 });
    fc.assert(
      fc.property(fc.oneof(anyText, long), (text) => {
        fc.pre(text.trim() !== '');
        const cause = toStorableText(text, LIMITS.causeLength);
        expect(checkCause(cause)).toBe(cause);
      }),
    );
  });

  it('keeps text core accepts unchanged when it fits, and a prefix of it when it is cut', () => {
    fc.assert(
      fc.property(anyText, anyMax, (text, max) => {
        fc.pre(whyNotStorableText(text) === undefined);
        const stored = toStorableText(text, max);
        if (text.length <= max) expect(stored).toBe(text);
        else expect(text.startsWith(stored.slice(0, -1)) && stored.endsWith('…')).toBe(true);
      }),
    );
  });

  it('replaces U+0000 and unpaired surrogates, and never splits a pair', () => {
    expect(toStorableText('exit\u0000code 1', 100)).toBe('exit\uFFFDcode 1');
    expect(toStorableText('a\uD800b\uDC00c', 100)).toBe('a\uFFFDb\uFFFDc');
    expect(toStorableText('ab😀', 3)).toBe('ab…');
    expect(toStorableText(`${'x'.repeat(4094)}😀tail`, LIMITS.causeLength)).toBe(`${'x'.repeat(4094)}…`);
  });

  it('refuses a length below 1', () => {
    expect(() => toStorableText('x', 0)).toThrow(ValidationError);
    expect(() => toStorableText('x', 1.5)).toThrow(ValidationError);
  });
});
