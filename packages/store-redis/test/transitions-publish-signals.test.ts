import { recordSignals, type SignalRecorder } from '@tagout/conformance';
import type { Store } from '@tagout/core';
import { afterAll, beforeAll, describe } from 'vitest';
import { createRedisStore, namespaceBase } from '../src/index.js';
import { dropRedisNamespace, randomPrefix, redisAvailable, testClient } from './helpers/redis-env.js';
import { describeTransitionSignals } from './helpers/transition-signals.js';

const available = await redisAvailable();

describe.skipIf(!available)(
  'what transitions publish to a subscriber of another store on the namespace',
  () => {
    const prefix = randomPrefix('signals');
    const writers = testClient();
    const readers = testClient();
    let reader: Store;
    let signals: SignalRecorder;

    beforeAll(async () => {
      reader = createRedisStore({ client: readers, prefix });
      await reader.open();
      signals = await recordSignals(reader);
    });
    afterAll(async () => {
      await signals.close();
      await reader.close();
      await dropRedisNamespace(writers, prefix);
      writers.disconnect();
      readers.disconnect();
    });

    describeTransitionSignals(() => ({
      signals,
      newStore: () => createRedisStore({ client: writers, prefix }),
      // A script publishes before it replies, and one server delivers in order: the marker comes last.
      mark: async (name) => {
        await writers.spublish(`${namespaceBase(prefix)}wake`, name);
      },
    }));
  },
);
