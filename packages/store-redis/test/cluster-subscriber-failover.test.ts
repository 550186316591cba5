import { recordSignals, waitUntil } from '@tagout/conformance';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisStore, dropRedisNamespace, namespaceBase } from '../src/index.js';
import { cancelWork } from './helpers/cancel-work.js';
import { clusterNodes, keySlot, slotOwner, waitForPromotion } from './helpers/cluster-topology.js';
import { clusterToolsAvailable, redisCli, startTestCluster } from './helpers/redis-cluster.js';
import { randomPrefix } from './helpers/redis-env.js';
import { signalsUntil, signalsUntilNull } from './helpers/signals-until.js';

const tools = await clusterToolsAvailable();
if (!tools && process.env.CI)
  throw new Error('redis-server/redis-cli are needed for the Redis Cluster tests (CI)');
if (!tools)
  console.warn('tagout: redis-server/redis-cli not found; skipping the Redis Cluster subscriber test');
// A master is failed over after 2 s without contact (Redis' default is 15 s).
const cluster = tools ? await startTestCluster({ replicas: 1, nodeTimeoutMs: 2000 }) : undefined;

/** The port of a node of the test cluster that answers. */
async function anyAlivePort(): Promise<number> {
  for (const port of cluster!.ports) {
    if ((await redisCli(port, 'ping').catch(() => '')).trim() === 'PONG') return port;
  }
  throw new Error('tagout: no node of the test cluster answers');
}

describe.skipIf(cluster === undefined)(
  'a subscriber on a Redis Cluster, 3 masters with a replica each',
  () => {
    const client = cluster!.client({ redisOptions: { commandTimeout: 1000 } });
    afterAll(async () => {
      client.disconnect();
      await cluster!.stop();
    });

    /** A store on a fresh namespace, subscribed, that has heard its first signal. */
    async function subscribedStore(prefix: string) {
      const store = createRedisStore({ client, prefix });
      await store.open();
      const signals = await recordSignals(store);
      const machine = crypto.randomUUID();
      await store.createMachine({ id: machine, tags: {} });
      await cancelWork(store, machine);
      expect(await signalsUntil(signals, (signal) => signal !== null)).toEqual([null, ['P']]);
      return {
        store,
        signals,
        machine,
        async close() {
          await signals.close();
          await store.close();
          await dropRedisNamespace(client, prefix);
        },
      };
    }

    it("hears signals on the namespace's slot; after its master is killed and failed over, null, then later signals", {
      timeout: 60_000,
    }, async () => {
      const prefix = randomPrefix('cluster-wake');
      const { store, signals, close } = await subscribedStore(prefix);

      const slot = await keySlot(cluster!.ports[0]!, namespaceBase(prefix));
      const master = (await slotOwner(cluster!.ports[0]!, slot))!;
      cluster!.kill(master.port);
      await waitForPromotion(
        cluster!.ports.filter((port) => port !== master.port),
        slot,
        master.port,
      );
      expect(await signalsUntilNull(signals)).toEqual([null]);

      // Once the client routes to the promoted master (failed attempts wrote nothing: a new id each).
      let later = '';
      await waitUntil('a machine created on the promoted master', async () => {
        later = crypto.randomUUID();
        await store.createMachine({ id: later, tags: {} });
        return true;
      });
      await cancelWork(store, later);
      expect((await signalsUntil(signals, (signal) => signal !== null)).at(-1)).toEqual(['P']);
      await close();
    });

    it('after a manual failover (the old master lives on as a replica, the server unsubscribes it), null, then later signals', {
      timeout: 60_000,
    }, async () => {
      // A namespace whose master still has a replica (the first test's victim has none left).
      let prefix = '';
      let slot = 0;
      let replica = 0;
      await waitUntil('a namespace on a master with a replica', async () => {
        prefix = randomPrefix('manual-failover');
        const port = await anyAlivePort();
        slot = await keySlot(port, namespaceBase(prefix));
        const nodes = await clusterNodes(port);
        const master = nodes.find(
          (node) => node.role === 'master' && node.slots.some(([from, to]) => from <= slot && slot <= to),
        );
        replica =
          nodes.find((node) => node.role === 'replica' && !node.failing && node.masterId === master?.id)
            ?.port ?? 0;
        return replica !== 0;
      });
      const { store, signals, machine, close } = await subscribedStore(prefix);

      await redisCli(replica, 'cluster', 'failover');
      expect(await signalsUntilNull(signals)).toEqual([null]);
      expect((await slotOwner(replica, slot))?.port).toBe(replica);

      await waitUntil('a claim and cancel on the new master', async () => {
        await cancelWork(store, machine);
        return true;
      });
      expect((await signalsUntil(signals, (signal) => signal !== null)).at(-1)).toEqual(['P']);
      await close();
    });
  },
);
