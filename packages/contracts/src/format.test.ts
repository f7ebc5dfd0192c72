import { describe, expect, it } from 'vitest';
import { formatBytes } from './format.ts';

describe('formatBytes', () => {
  it('says a size in binary units, one decimal when not whole, in English and French', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(20 * 1024 ** 3)).toBe('20 GiB');
    expect(formatBytes(1.25 * 1024 ** 3, 'en')).toBe('1.3 GiB');
    expect(formatBytes(1.25 * 1024 ** 3, 'fr')).toBe('1,3 Gio');
    expect(formatBytes(300, 'fr')).toBe('300 octets');
    expect(formatBytes(5 * 1024 ** 5)).toBe('5120 TiB');
  });
});
