import { describe, expect, it } from 'vitest';
import { backoffMs, periodStart } from './registry.ts';

describe('backoffMs', () => {
  it('doubles from five seconds, within ±20% jitter, up to an hour', () => {
    expect(backoffMs(1, () => 0.5)).toBe(5_000);
    expect(backoffMs(2, () => 0.5)).toBe(10_000);
    expect(backoffMs(4, () => 0.5)).toBe(40_000);
    expect(backoffMs(30, () => 0.5)).toBe(3_600_000);
    expect(backoffMs(3, () => 0)).toBe(16_000);
    expect(backoffMs(3, () => 1)).toBe(24_000);
  });
});

describe('periodStart', () => {
  it('rounds down to the start of the period', () => {
    expect(periodStart(new Date('2026-11-26T10:59:59.999Z'), 3_600_000).toISOString()).toBe('2026-11-26T10:00:00.000Z');
    expect(periodStart(new Date('2026-11-26T10:00:00.000Z'), 60_000).toISOString()).toBe('2026-11-26T10:00:00.000Z');
  });
});
