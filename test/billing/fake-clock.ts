import type { Clock } from '../../src/clock.js';

/** A clock tests move by hand; starts at a fixed instant. */
export function fakeClock(
  start = '2026-03-01T12:00:00.000Z',
): Clock & { advance(ms: number): void; set(iso: string): void } {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance(ms) {
      now += ms;
    },
    set(iso) {
      now = new Date(iso).getTime();
    },
  };
}
