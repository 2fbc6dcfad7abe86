import { nextDelayMs } from './backoff';

describe('nextDelayMs', () => {
  const o = { baseMs: 1000, capMs: 60_000 };
  it('doubles per attempt within half to full of the exponential value', () => {
    expect(nextDelayMs(1, o, undefined, () => 0)).toBe(500);
    expect(nextDelayMs(1, o, undefined, () => 1)).toBe(1000);
    expect(nextDelayMs(4, o, undefined, () => 1)).toBe(8000);
  });
  it('is capped', () => {
    expect(nextDelayMs(30, o, undefined, () => 1)).toBe(60_000);
  });
  it('never retries before Retry-After', () => {
    expect(nextDelayMs(1, o, 30_000, () => 1)).toBe(30_000);
  });
});
