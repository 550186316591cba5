import type { Json } from '@tagout/core';

/** The tag value every {@link EQUALS_AT_PATH} case compares against. */
export const NESTED_VALUE: Json = {
  s: 'text',
  n: 1.5,
  i: -3,
  t: true,
  f: false,
  z: null,
  o: { b: [1, { c: 'd' }], a: 'x"y' },
  l: [1, 2],
};

/** `equals` at a path of {@link NESTED_VALUE}: what it is, the path, the value, whether it matches. */
export const EQUALS_AT_PATH: readonly (readonly [string, readonly string[], Json, boolean])[] = [
  [
    'the whole value, keys in another order',
    [],
    { l: [1, 2], o: { a: 'x"y', b: [1, { c: 'd' }] }, z: null, f: false, t: true, i: -3, n: 1.5, s: 'text' },
    true,
  ],
  ['a string', ['s'], 'text', true],
  ['a string that differs', ['s'], 'texts', false],
  ['a number', ['n'], 1.5, true],
  ['a negative integer', ['i'], -3, true],
  ['true', ['t'], true, true],
  ['false', ['f'], false, true],
  ['null', ['z'], null, true],
  ['a nested object in another key order', ['o'], { b: [1, { c: 'd' }], a: 'x"y' }, true],
  ['a string nested with a quote', ['o', 'a'], 'x"y', true],
  ['an array', ['l'], [1, 2], true],
  ['an array in another order', ['l'], [2, 1], false],
  ['a path through an array', ['l', '0'], 1, false],
  ['a path through an array of objects', ['o', 'b', 'c'], 'd', false],
  ['a missing key', ['missing'], null, false],
  ['a key below a scalar', ['s', 'x'], null, false],
  ['a number as a string', ['n'], '1.5', false],
];
