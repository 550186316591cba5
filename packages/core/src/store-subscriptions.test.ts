import { describe, expect, it } from 'vitest';
import type { EligibilityListener, StoreSubscription } from './store.js';
import { StoreSubscriptions } from './store-subscriptions.js';

/** Stands in for a store's listening connection: counts opens and closes, and sends signals. */
function fakeChannel() {
  const state = { opened: 0, closed: 0, send: (_: readonly string[] | null) => {} };
  const open = async (fanOut: EligibilityListener): Promise<StoreSubscription> => {
    state.opened++;
    state.send = fanOut;
    return {
      close: async () => {
        state.closed++;
      },
    };
  };
  return { state, open };
}

describe('StoreSubscriptions', () => {
  it('shares one underlying subscription, in subscribe order; the last close ends it', async () => {
    const subscriptions = new StoreSubscriptions();
    const channel = fakeChannel();
    const heard: string[] = [];
    const first = await subscriptions.open((p) => heard.push(`first ${p}`), channel.open);
    const second = await subscriptions.open(() => {
      throw new Error('listener bug');
    }, channel.open);
    const third = await subscriptions.open((p) => heard.push(`third ${p}`), channel.open);
    channel.state.send(['A']);
    expect(heard).toEqual(['first A', 'third A']);
    expect(channel.state.opened).toBe(1);

    await first.close();
    await first.close();
    await second.close();
    channel.state.send(null);
    expect(heard).toEqual(['first A', 'third A', 'third null']);
    expect(channel.state.closed).toBe(0);
    await third.close();
    expect(channel.state.closed).toBe(1);

    await subscriptions.open(() => {}, channel.open);
    expect(channel.state.opened).toBe(2);
  });

  it('closeAll ends it and refuses later subscriptions; a failed open subscribes nothing', async () => {
    const subscriptions = new StoreSubscriptions();
    await expect(
      subscriptions.open(
        () => {},
        () => Promise.reject(new Error('ECONNREFUSED')),
      ),
    ).rejects.toThrow('ECONNREFUSED');
    const channel = fakeChannel();
    await subscriptions.open(() => {}, channel.open);
    await subscriptions.closeAll();
    expect(channel.state.closed).toBe(1);
    await expect(subscriptions.open(() => {}, channel.open)).rejects.toThrow('closed store');
  });
});
