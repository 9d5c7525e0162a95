import { describe, expect, it } from 'vitest';
import { Foreground } from './foreground.js';

const settledWithin = async (promise: Promise<void>, ms: number) =>
  Promise.race([
    promise.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms)),
  ]);

describe('Foreground', () => {
  it('lets background work through at once when no interactive work is in flight', async () => {
    const foreground = new Foreground();
    expect(await settledWithin(foreground.whenQuiet(), 50)).toBe(true);
  });

  it('holds background work until every turn in flight ended', async () => {
    const foreground = new Foreground();
    const endFirst = foreground.begin();
    const endSecond = foreground.begin();
    let quiet = false;
    const waiting = foreground.whenQuiet(10_000).then(() => {
      quiet = true;
    });
    endFirst();
    endFirst(); // ending twice counts once
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(quiet).toBe(false);
    expect(foreground.active).toBe(1);
    endSecond();
    await waiting;
    expect(foreground.active).toBe(0);
  });

  it('never starves background work: the wait is bounded', async () => {
    const foreground = new Foreground();
    foreground.begin();
    const started = performance.now();
    await foreground.whenQuiet(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });
});
