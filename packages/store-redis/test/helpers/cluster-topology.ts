import { waitUntil } from '@tagout/conformance';
import { redisCli } from './redis-cluster.js';

/** One line of `CLUSTER NODES`, as seen by one node. */
export interface ClusterNode {
  id: string;
  port: number;
  /** `master` or `replica`. */
  role: 'master' | 'replica';
  /** Whether the node is flagged `fail` or `fail?` (unreachable). */
  failing: boolean;
  /** For a replica, the id of its master. */
  masterId: string | undefined;
  /** Slot ranges served (masters), inclusive. */
  slots: [number, number][];
}

/** Reads `CLUSTER NODES` from the node on `port`. */
export async function clusterNodes(port: number): Promise<ClusterNode[]> {
  const text = await redisCli(port, 'cluster', 'nodes');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [id = '', address = '', flags = '', master = '-', , , , , ...slots] = line.trim().split(' ');
      const flagList = flags.split(',');
      return {
        id,
        port: Number(/:(\d+)@/.exec(address)?.[1]),
        role: flagList.includes('master') ? 'master' : 'replica',
        failing: flagList.includes('fail') || flagList.includes('fail?'),
        masterId: master === '-' ? undefined : master,
        slots: slots
          .filter((range) => !range.startsWith('['))
          .map((range) => {
            const [from, to = from] = range.split('-').map(Number) as [number, number?];
            return [from, to];
          }),
      };
    });
}

/** The hash slot of `key` (`CLUSTER KEYSLOT`, asked of the node on `port`). */
export async function keySlot(port: number, key: string): Promise<number> {
  return Number((await redisCli(port, 'cluster', 'keyslot', key)).trim());
}

/** The healthy master serving `slot`, as the node on `port` sees it, if any. */
export async function slotOwner(port: number, slot: number): Promise<ClusterNode | undefined> {
  return (await clusterNodes(port)).find(
    (node) =>
      node.role === 'master' && !node.failing && node.slots.some(([from, to]) => from <= slot && slot <= to),
  );
}

/**
 * Waits (bounded, 20 s) until every node on `ports` sees `slot` served by a healthy master
 * other than `formerPort`, and reports `cluster_state:ok`: a replica was promoted.
 * @returns the new master's port.
 */
export async function waitForPromotion(
  ports: readonly number[],
  slot: number,
  formerPort: number,
): Promise<number> {
  let promoted = 0;
  await waitUntil(`slot ${slot} served by a promoted replica`, async () => {
    const owners = await Promise.all(ports.map((port) => slotOwner(port, slot)));
    const states = await Promise.all(ports.map((port) => redisCli(port, 'cluster', 'info')));
    const first = owners[0]?.port;
    if (first === undefined || first === formerPort) return false;
    if (!owners.every((owner) => owner?.port === first)) return false;
    if (!states.every((info) => info.includes('cluster_state:ok'))) return false;
    promoted = first;
    return true;
  });
  return promoted;
}
