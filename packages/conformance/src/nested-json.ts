import type { Json } from '@tagout/core';

/** `{ a: { a: ... 1 } }`, `depth` objects inside each other, built without recursion. */
export function nestedJson(depth: number): Json {
  let value: Json = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}
