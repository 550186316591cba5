import type { ConformanceOptions } from './harness.js';

/** One answer per options object: the groups that ask share one probe store. */
const answers = new WeakMap<ConformanceOptions, Promise<boolean>>();

/**
 * Whether the stores of `options` implement `Store.subscribe`, found out from a store it creates
 * and closes unopened (then `destroyStore`). The wake-up groups ask it while they register.
 */
export function storeSubscribes(options: ConformanceOptions): Promise<boolean> {
  let answer = answers.get(options);
  if (answer === undefined) {
    answer = (async () => {
      const probe = await options.createStore();
      const subscribes = typeof probe.subscribe === 'function';
      await probe.close();
      await options.destroyStore?.(probe);
      return subscribes;
    })();
    answers.set(options, answer);
  }
  return answer;
}
