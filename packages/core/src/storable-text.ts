import { ValidationError } from './errors.js';

/** Unpaired surrogates, which {@link whyNotStorableText} refuses (as it refuses U+0000). */
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Ends text that was cut. */
const CUT_MARK = '…';

/**
 * Turns any text into text core accepts and every store keeps as is: U+0000 and unpaired
 * surrogates become U+FFFD, and text longer than `maxLength` UTF-16 code units is cut on a
 * code-point boundary and ends with `…`. Text core already accepts, within `maxLength`, is
 * returned unchanged; non-blank text stays non-blank. Use it to record foreign text (an
 * exception's message) as a failure cause: `toStorableText(message, LIMITS.causeLength)`.
 *
 * @param maxLength at least 1.
 * @throws ValidationError if `maxLength` is not an integer of at least 1.
 */
export function toStorableText(text: string, maxLength: number): string {
  if (!Number.isInteger(maxLength) || maxLength < 1) {
    throw new ValidationError('maxLength', 'must be an integer of at least 1');
  }
  // Each replacement is one code unit for one, so the length is unchanged.
  const clean = text.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATES, '\uFFFD');
  if (clean.length <= maxLength) return clean;
  let end = maxLength - CUT_MARK.length;
  // Cutting between the halves of a pair would leave a lone high surrogate.
  const last = clean.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return clean.slice(0, end) + CUT_MARK;
}
