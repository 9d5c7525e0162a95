/**
 * Counts interactive requests in flight (chat turns) so background work can wait for a quiet moment.
 * On the embedded database every query runs on the event loop: a memory job that runs while a turn is
 * being answered delays that turn's first token. Background work asks `whenQuiet()` between steps.
 */
export class Foreground {
  #active = 0;
  #waiters = new Set<() => void>();

  /** Marks the start of interactive work; call the returned function once it ends (extra calls are ignored). */
  begin(): () => void {
    this.#active += 1;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.#active -= 1;
      if (this.#active === 0) this.#wakeAll();
    };
  }

  get active(): number {
    return this.#active;
  }

  /**
   * Resolves once pending I/O had its turn and no interactive work is in flight, or after `maxWaitMs`
   * of waiting, so that background work never starves under constant load.
   */
  async whenQuiet(maxWaitMs = 250): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.#active === 0) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, maxWaitMs);
      timer.unref();
      this.#waiters.add(done);
    });
  }

  #wakeAll(): void {
    for (const wake of [...this.#waiters]) wake();
  }
}
