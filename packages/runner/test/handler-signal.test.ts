import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { HandlerSignal } from '../src/handler-signal.js';

/** A session's signal, and how many listeners it has. */
function session() {
  const controller = new AbortController();
  return {
    controller,
    signal: controller.signal,
    listeners: () => getEventListeners(controller.signal, 'abort').length,
  };
}

describe('the handler signal', () => {
  it('is made only when read: until then nothing listens to the session', () => {
    const s = session();
    const handler = new HandlerSignal(s.signal);
    expect(s.listeners()).toBe(0);
    const signal = handler.signal;
    expect(s.listeners()).toBe(1);
    expect(handler.signal).toBe(signal);
    handler.stopListening();
    expect(s.listeners()).toBe(0);
    expect(signal.aborted).toBe(false);
  });

  it('aborts with the session reason when the session ends while the handler runs, read before or after', () => {
    const s = session();
    const readBefore = new HandlerSignal(s.signal);
    const signal = readBefore.signal;
    const readAfter = new HandlerSignal(s.signal);
    const readAfterSettling = new HandlerSignal(s.signal);
    const reason = new Error('session expired');
    s.controller.abort(reason);
    expect(signal.reason).toBe(reason);
    expect(readAfter.signal.reason).toBe(reason);
    readAfterSettling.stopListening();
    expect(readAfterSettling.signal.reason).toBe(reason);
  });

  it('does not abort when the session ends after the handler settled', () => {
    const s = session();
    const handler = new HandlerSignal(s.signal);
    handler.stopListening();
    s.controller.abort(new Error('later'));
    expect(handler.signal.aborted).toBe(false);
    expect(s.listeners()).toBe(0);
  });

  it('aborts with the first reason given, read or not', () => {
    const s = session();
    const unread = new HandlerSignal(s.signal);
    const read = new HandlerSignal(s.signal);
    const signal = read.signal;
    const lost = new Error('work lost');
    for (const handler of [unread, read]) handler.abort(lost);
    s.controller.abort(new Error('session expired'));
    unread.abort(new Error('abandoned'));
    expect(unread.signal.reason).toBe(lost);
    expect(signal.reason).toBe(lost);
  });
});
