import type { Json } from '@tagout/core';
import fc from 'fast-check';

/** What {@link jsonArbitrary} builds values from. */
export interface JsonShape {
  /** Leaf values: each arbitrary is one branch of the choice, beside arrays and objects. */
  leaves: readonly fc.Arbitrary<Json>[];
  /** Object keys. */
  keys: readonly string[];
  /** The most items of an array (objects hold at most 3 keys). */
  maxArray: number;
}

/** JSON values, nested small: a leaf, or an array or object of such values. */
export function jsonArbitrary(shape: JsonShape): fc.Arbitrary<Json> {
  return fc.letrec<{ value: Json }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      ...shape.leaves,
      fc.array(tie('value'), { maxLength: shape.maxArray }),
      fc.dictionary(fc.constantFrom(...shape.keys), tie('value'), { maxKeys: 3 }),
    ),
  })).value;
}
