import { describe, expect, it } from 'vitest';
import type { TagoutError } from './errors.js';
import { Emitter, ListenerError } from './events.js';

interface TestEvents {
  ping: { n: number };
}

describe('Emitter', () => {
  it('calls listeners in order and unsubscribes', () => {
    const emitter = new Emitter<TestEvents>(() => {});
    const seen: string[] = [];
    const off = emitter.on('ping', ({ n }) => seen.push(`a${n}`));
    emitter.on('ping', ({ n }) => seen.push(`b${n}`));
    emitter.emit('ping', { n: 1 });
    off();
    emitter.emit('ping', { n: 2 });
    expect(seen).toEqual(['a1', 'b1', 'b2']);
  });

  it('reports a throwing listener and still calls the others', () => {
    const reported: TagoutError[] = [];
    const emitter = new Emitter<TestEvents>((error) => reported.push(error));
    const seen: number[] = [];
    emitter.on('ping', () => {
      throw new Error('boom');
    });
    emitter.on('ping', ({ n }) => seen.push(n));
    expect(() => emitter.emit('ping', { n: 7 })).not.toThrow();
    expect(seen).toEqual([7]);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toBeInstanceOf(ListenerError);
    expect(reported[0]?.code).toBe('LISTENER');
    expect(reported[0]?.cause).toEqual(new Error('boom'));
  });
});
