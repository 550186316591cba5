import { randomBytes } from 'node:crypto';
import { checkExclusivity, FLEET_PROCESS, FLEET_WHERE, readAllHistory, waitUntil } from '@tagout/conformance';
import { type Engine, type HistoryEvent, openEngine } from '@tagout/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisStore, namespaceBase } from '../src/index.js';
import { keySlot, slotOwner, waitForPromotion } from './helpers/cluster-topology.js';
import { clusterToolsAvailable, startTestCluster } from './helpers/redis-cluster.js';
import { type FleetTally, runResilientFleet } from './helpers/resilient-fleet.js';

const MACHINES = 300;
const NAMESPACES = 3;

const tools = await clusterToolsAvailable();
if (!tools && process.env.CI) throw new Error('redis-server/redis-cli are needed for the failover test (CI)');
if (!tools)
  console.warn('tagout: redis-server/redis-cli not found; skipping the Redis Cluster failover test');
// A master is failed over after 2 s without contact (Redis' default is 15 s).
const cluster = tools ? await startTestCluster({ replicas: 1, nodeTimeoutMs: 2000 }) : undefined;

interface Namespace {
  prefix: string;
  slot: number;
  engine: Engine;
}

/** Acknowledged finishes (their tokens) that have no Finished event in `history`. */
function finishesMissing(tally: FleetTally, history: readonly HistoryEvent[]): number[] {
  const present = new Set(history.filter((e) => e.event === 'Finished').map((e) => e.token));
  return tally.finished.filter((token) => !present.has(token));
}

/**
 * Acknowledged claims that `history` does not show as they were acknowledged: missing, or
 * their token reissued (a Started with that token for another machine or session).
 */
function claimsMissing(tally: FleetTally, history: readonly HistoryEvent[]): FleetTally['claimed'] {
  const started = new Map(history.filter((e) => e.event === 'Started').map((e) => [e.token, e]));
  return tally.claimed.filter((claim) => {
    const event = started.get(claim.token);
    return event?.machineId !== claim.machineId || event.sessionId !== claim.sessionId;
  });
}

describe.skipIf(cluster === undefined)('Redis Cluster, 3 masters with a replica each', () => {
  // A command timeout, as a deployment would set: calls in flight when the master dies fail
  // (outcome unknown) instead of waiting for the failover.
  const client = cluster!.client({ redisOptions: { commandTimeout: 1000 } });
  const engines: Engine[] = [];
  afterAll(async () => {
    await Promise.allSettled(engines.map((engine) => engine.close()));
    client.disconnect();
    await cluster!.stop();
  });

  /** Namespaces whose slots are on different masters, so every master carries load. */
  async function namespacesOnEveryMaster(): Promise<Namespace[]> {
    const byMaster = new Map<number, { prefix: string; slot: number }>();
    while (byMaster.size < NAMESPACES) {
      const prefix = `failover-${randomBytes(4).toString('hex')}`;
      const slot = await keySlot(cluster!.ports[0]!, namespaceBase(prefix));
      const owner = await slotOwner(cluster!.ports[0]!, slot);
      if (owner !== undefined && !byMaster.has(owner.port)) byMaster.set(owner.port, { prefix, slot });
    }
    return Promise.all(
      [...byMaster.values()].map(async ({ prefix, slot }) => {
        const engine = await openEngine({
          store: createRedisStore({ client, prefix }),
          processes: [FLEET_PROCESS],
          onError: () => {},
        });
        engines.push(engine);
        for (let i = 0; i < MACHINES; i += 50) {
          await Promise.all(
            Array.from({ length: 50 }, (_, j) => engine.createMachine({ tags: { Provided: { n: i + j } } })),
          );
        }
        return { prefix, slot, engine };
      }),
    );
  }

  it('workers continue through a master SIGKILLed mid-run; the history stays exclusive', {
    timeout: 90_000,
  }, async () => {
    const namespaces = await namespacesOnEveryMaster();
    const [victim] = namespaces as [Namespace, ...Namespace[]];
    const fleets = namespaces.map(({ engine }) =>
      runResilientFleet(engine, { sessions: 3, intervalMs: 3000 }),
    );

    // Kill the victim namespace's master once its workers hold work and have finished some.
    await waitUntil('the victim namespace under load', async () => {
      const held = await victim.engine.activeWork();
      const done = await victim.engine.machines({ where: { has: 'Done' }, limit: 20 });
      return held.length > 0 && done.length >= 20;
    });
    const master = (await slotOwner(cluster!.ports[0]!, victim.slot))!;
    const killedAt = performance.now();
    cluster!.kill(master.port);
    const survivors = cluster!.ports.filter((port) => port !== master.port);
    const promoted = await waitForPromotion(survivors, victim.slot, master.port);
    const failoverMs = Math.round(performance.now() - killedAt);
    const tallies: FleetTally[] = await Promise.all(fleets);

    const victimHistory = await readAllHistory(victim.engine);
    const expired = victimHistory.filter((event) => event.event === 'Expired').length;
    const lostFinishes: number[] = [];
    const lostClaims: FleetTally['claimed'] = [];
    let reissued = 0;
    for (const [index, { engine }] of namespaces.entries()) {
      const history = await readAllHistory(engine);
      const tally = tallies[index]!;
      expect(checkExclusivity(history)).toEqual({ ok: true, problems: [] });
      const started = history.filter((event) => event.event === 'Started');
      expect(history.length - started.length).toBe(started.length);
      expect(await engine.activeWork()).toEqual([]);
      expect(await engine.machines({ where: FLEET_WHERE, limit: 1 })).toEqual([]);
      expect(await engine.machines({ where: { has: 'Done' }, limit: MACHINES })).toHaveLength(MACHINES);
      const finishes = finishesMissing(tally, history);
      const claims = claimsMissing(tally, history);
      if (index > 0) {
        // Masters that did not fail lose nothing they acknowledged.
        expect(finishes).toEqual([]);
        expect(claims).toEqual([]);
      }
      lostFinishes.push(...finishes);
      lostClaims.push(...claims);
      const tokens = new Set(history.map((event) => event.token));
      reissued += claims.filter((claim) => tokens.has(claim.token)).length;
    }
    const sum = (pick: (tally: FleetTally) => number) => tallies.reduce((n, tally) => n + pick(tally), 0);
    console.log(
      `cluster failover: SIGKILLed master :${master.port} (slot ${victim.slot}) mid-run, replica :${promoted} ` +
        `promoted after ${failoverMs} ms; ${NAMESPACES} namespaces × ${MACHINES} machines drained through ` +
        `${sum((t) => t.storeErrors)} store errors, ${sum((t) => t.sessionsStarted)} sessions ` +
        `(${sum((t) => t.lost)} works lost, ${expired} Expired events); history exclusive; ` +
        'acknowledged but lost in failover: ' +
        `${lostFinishes.length} finishes, ${lostClaims.length} claims (${reissued} tokens reissued)`,
    );
  });
});
