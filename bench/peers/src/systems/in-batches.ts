/** Calls `write(size)` for consecutive batches of at most `batch` that add up to `count`, one after another. */
export async function inBatches(
  count: number,
  batch: number,
  write: (size: number) => Promise<unknown>,
): Promise<void> {
  for (let done = 0; done < count; done += batch) await write(Math.min(batch, count - done));
}
