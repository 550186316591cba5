import { describe, expect, it } from 'vitest';
import { keepListening, type ListeningEvents, relistenDelayMs } from './keep-listening.js';

/** A stand-in for a store's listening connections: each `listen` opens one, or fails while `down`. */
function fakeServer() {
  const opened: { events: ListeningEvents; closed: boolean }[] = [];
  let down = 0;
  let waiting: (() => void) | undefined;
  return {
    opened,
    /** The next `count` attempts fail. */
    failNext(count: number) {
      down = count;
    },
    listen: async (events: ListeningEvents) => {
      if (down > 0) {
        down--;
        throw new Error('ECONNREFUSED');
      }
      const connection = { events, closed: false };
      opened.push(connection);
      waiting?.();
      return {
        close: async () => {
          connection.closed = true;
        },
      };
    },
    /** Resolves once `count` connections have been opened. */
    async openedCount(count: number) {
      while (opened.length < count) await new Promise<void>((resolve) => (waiting = resolve));
    },
  };
}

describe('keepListening', () => {
  it('passes signals on, listens again after a drop (through failed attempts), then says null once', async () => {
    const server = fakeServer();
    const heard: (readonly string[] | null)[] = [];
    let relistened: (() => void) | undefined;
    const subscription = await keepListening(
      (processes) => {
        heard.push(processes);
        if (processes === null) relistened?.();
      },
      { listen: server.listen, delayMs: () => 0 },
    );
    server.opened[0]!.events.signal(['A']);
    server.failNext(2);
    const again = new Promise<void>((resolve) => (relistened = resolve));
    server.opened[0]!.events.dropped(new Error('terminated'));
    server.opened[0]!.events.dropped(new Error('terminated again'));
    await again;
    server.opened[1]!.events.signal(['B', 'C']);

    expect(heard).toEqual([['A'], null, ['B', 'C']]);
    expect(server.opened.map((c) => c.closed)).toEqual([true, false]);
    await subscription.close();
    expect(server.opened.map((c) => c.closed)).toEqual([true, true]);
    server.opened[1]!.events.signal(['late']);
    expect(heard).toHaveLength(3);
  });

  it('rejects when it cannot listen at first', async () => {
    const server = fakeServer();
    server.failNext(1);
    await expect(keepListening(() => {}, { listen: server.listen })).rejects.toThrow('ECONNREFUSED');
  });

  it('close() during a pending attempt closes what that attempt opens, and nothing is told', async () => {
    const server = fakeServer();
    const heard: (readonly string[] | null)[] = [];
    const subscription = await keepListening((p) => heard.push(p), {
      listen: server.listen,
      delayMs: () => 0,
    });
    server.opened[0]!.events.dropped(new Error('gone'));
    await server.openedCount(2);
    await subscription.close();
    expect(server.opened.map((c) => c.closed)).toEqual([true, true]);
    expect(heard).toEqual([]);
  });

  it('a throwing listener does not stop later signals', async () => {
    const server = fakeServer();
    const heard: (readonly string[] | null)[] = [];
    const subscription = await keepListening(
      (p) => {
        heard.push(p);
        throw new Error('listener bug');
      },
      { listen: server.listen },
    );
    server.opened[0]!.events.signal(['A']);
    server.opened[0]!.events.signal(['B']);
    expect(heard).toEqual([['A'], ['B']]);
    await subscription.close();
  });

  it('waits 50 ms doubling per attempt, capped at 2 s, jittered down to half', () => {
    for (const [attempt, full] of [
      [1, 50],
      [2, 100],
      [6, 1600],
      [7, 2000],
      [100, 2000],
    ] as const) {
      const delay = relistenDelayMs(attempt);
      expect(delay).toBeGreaterThanOrEqual(full / 2);
      expect(delay).toBeLessThan(full);
    }
  });
});
