import { ValidationError } from '@tagout/core';
import { describe, expect, it } from 'vitest';
import { createRedisStore } from '../src/index.js';

describe('createRedisStore scanBudget', () => {
  it.each([0, -1, 1.5, Number.NaN, 100_001, '10'])('refuses %s with ValidationError', (scanBudget) => {
    expect(() => createRedisStore({ scanBudget: scanBudget as number })).toThrow(ValidationError);
  });

  it('is declared as the claim scan budget of the store', () => {
    expect(createRedisStore({ scanBudget: 7 }).claimScanBudget).toBe(7);
    expect(createRedisStore().claimScanBudget).toBe(1000);
  });
});
