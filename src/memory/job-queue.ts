import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { isoNow } from '../clock.js';
import type { ExpressionBuilder } from 'kysely';
import type { Database, Db } from '../db/index.js';
import { preparedInsert, preparedQuery } from '../db/prepared.js';
import type { MemoryJobRow } from '../db/tables/memory.js';
import { newId } from '../ids.js';
import type { Partition } from './partition.js';

/**
 * Resolves after the event loop has polled for I/O. Queries on the embedded database run synchronously,
 * so a job that never yields holds back every request that arrives while it runs.
 */
export function yieldToIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export type JobHandler = (job: MemoryJobRow, signal: AbortSignal) => Promise<void>;

export interface JobQueueOptions {
  db: Db;
  clock: Clock;
  handler: JobHandler;
  /** Jobs running at once. */
  concurrency?: number;
  maxAttempts?: number;
  /**
   * A job left `running` this long belongs to a process that died. On PostgreSQL other nodes may be
   * running jobs right now, so only such stale jobs are taken over; SQLite has one process.
   */
  leaseSeconds?: number;
  /** A failed job waits this long before its next attempt (a model server that is down gets time). */
  retryDelaySeconds?: number;
  log?: Pick<Logger, 'warn' | 'error' | 'debug'>;
  /**
   * Awaited before each job: resolves when background work may run (default: after pending I/O).
   * The app waits until no chat turn is being answered (src/foreground.ts).
   */
  whenQuiet?: () => Promise<void>;
}

// Every turn enqueues, claims and deletes a job: compiled once (db/prepared.ts).
const insertJob = preparedInsert('memory_jobs');
const deleteJob = preparedQuery<{ id: string }, never>((db, slot) =>
  db.deleteFrom('memory_jobs').where('id', '=', slot('id')),
);
interface ClaimValues {
  now: string;
  leaseCutoff: string;
  retryCutoff: string;
}

/** The oldest due job, marked running, in one statement (see MemoryJobQueue.#claim). */
function claimQuery(postgres: boolean) {
  return preparedQuery<ClaimValues, MemoryJobRow>((db, slot) => {
    const claimable = (eb: ExpressionBuilder<Database, 'memory_jobs'>) => {
      const due = eb.and([
        eb('status', '=', 'pending'),
        eb.or([eb('attempts', '=', 0), eb('updated_at', '<=', slot('retryCutoff'))]),
      ]);
      return postgres
        ? eb.or([due, eb.and([eb('status', '=', 'running'), eb('updated_at', '<', slot('leaseCutoff'))])])
        : due;
    };
    return db
      .updateTable('memory_jobs')
      .set((eb) => ({ status: 'running', attempts: eb('attempts', '+', 1), updated_at: slot('now') }))
      .where('id', '=', (eb) => {
        const oldest = eb.selectFrom('memory_jobs').select('id').where(claimable).orderBy('id').limit(1);
        return postgres ? oldest.forUpdate().skipLocked() : oldest;
      })
      .where(claimable)
      .returningAll();
  });
}
const claimOnSqlite = claimQuery(false);
const claimOnPostgres = claimQuery(true);

/**
 * In-process background queue whose state lives in `memory_jobs`: a job is written before anything
 * runs, so a crash loses nothing; on start, jobs left `running` by a crash go back to `pending`.
 * Bounded concurrency; a finished job is deleted; a failing one is retried after `retryDelaySeconds`,
 * up to `maxAttempts`, then marked `failed` and logged.
 */
export class MemoryJobQueue {
  readonly #options: Required<Omit<JobQueueOptions, 'log'>> & Pick<JobQueueOptions, 'log'>;
  readonly #abort = new AbortController();
  #pumping: Promise<void> | null = null;
  #idleWaiters: (() => void)[] = [];
  #started = false;
  /** Bumped by every `kick`; a claim that found nothing stops the pump only if none came meanwhile. */
  #kicks = 0;
  #exhausted = false;
  readonly #retryTimers = new Set<NodeJS.Timeout>();

  constructor(options: JobQueueOptions) {
    this.#options = {
      concurrency: 2,
      maxAttempts: 3,
      leaseSeconds: 600,
      retryDelaySeconds: 30,
      whenQuiet: yieldToIo,
      ...options,
    };
  }

  async enqueue(kind: MemoryJobRow['kind'], partition: Partition, payload: unknown): Promise<string> {
    const now = isoNow(this.#options.clock);
    const id = newId();
    await insertJob(this.#options.db.kysely, {
      id,
      user_id: partition.userId,
      character_id: partition.characterId,
      kind,
      payload: JSON.stringify(payload),
      status: 'pending',
      attempts: 0,
      last_error: null,
      created_at: now,
      updated_at: now,
    });
    this.kick();
    return id;
  }

  /** Recovers jobs a crash left running, then starts working through pending ones. */
  async start(): Promise<void> {
    this.#started = true;
    let recover = this.#options.db.kysely
      .updateTable('memory_jobs')
      .set({ status: 'pending' })
      .where('status', '=', 'running');
    if (this.#options.db.dialect === 'postgres')
      recover = recover.where('updated_at', '<', this.#secondsAgo(this.#options.leaseSeconds));
    await recover.execute();
    this.kick();
  }

  #secondsAgo(seconds: number): string {
    return new Date(this.#options.clock.now().getTime() - seconds * 1000).toISOString();
  }

  kick(): void {
    this.#kicks += 1;
    this.#exhausted = false;
    this.#ensurePump();
  }

  #ensurePump(): void {
    if (!this.#started || this.#abort.signal.aborted || this.#pumping) return;
    const pump = this.#pump().catch((error) => {
      // The database failed under the queue: stop until the next kick instead of spinning.
      this.#exhausted = true;
      this.#options.log?.error({ err: error }, 'memory job queue stopped on a database error');
    });
    this.#pumping = pump.finally(() => {
      this.#pumping = null;
      // A kick that arrived while the pump was winding down must not be lost.
      if (!this.#exhausted) this.#ensurePump();
      if (this.#pumping) return;
      const waiters = this.#idleWaiters.splice(0);
      for (const resolve of waiters) resolve();
    });
  }

  /** Resolves once no job is pending or running (tests and the eval use it instead of sleeping). */
  async drain(): Promise<void> {
    this.kick();
    while (this.#pumping) {
      await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
    }
  }

  stop(): void {
    this.#abort.abort();
    for (const timer of this.#retryTimers) clearTimeout(timer);
  }

  async #pump(): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    while (!this.#abort.signal.aborted) {
      // Once a claim came back empty, finishing jobs does not ask the database again until a kick.
      while (inFlight.size < this.#options.concurrency && !this.#exhausted) {
        const kicks = this.#kicks;
        const job = await this.#claim();
        if (!job) {
          if (kicks === this.#kicks) this.#exhausted = true;
          continue;
        }
        const run = this.#run(job).finally(() => inFlight.delete(run));
        inFlight.add(run);
      }
      if (inFlight.size === 0) break;
      await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  }

  /**
   * Takes the oldest pending job in one statement. On PostgreSQL the inner select skips rows other
   * nodes have locked, so two workers never take the same job, and a job whose lease ran out (its
   * node died) is taken over; SQLite has a single writer and recovers in `start`.
   */
  async #claim(): Promise<MemoryJobRow | undefined> {
    const { db, clock } = this.#options;
    const claim = db.dialect === 'postgres' ? claimOnPostgres : claimOnSqlite;
    const [job] = (
      await claim(db.kysely, {
        now: isoNow(clock),
        leaseCutoff: this.#secondsAgo(this.#options.leaseSeconds),
        retryCutoff: this.#secondsAgo(this.#options.retryDelaySeconds),
      })
    ).rows;
    return job;
  }

  async #run(job: MemoryJobRow): Promise<void> {
    const { db, clock, handler, log, maxAttempts } = this.#options;
    try {
      // Background work starts only after pending I/O (requests that already arrived) had its turn,
      // and, in the app, once no chat turn is being answered.
      await this.#options.whenQuiet();
      await handler(job, this.#abort.signal);
      // A finished job is deleted: its payload repeats the user's words, which must not outlive a
      // deleted message or memory, and the table stays the size of the backlog.
      await deleteJob(db.kysely, { id: job.id });
    } catch (error) {
      const message = error instanceof Error ? error.message.slice(0, 500) : 'unknown error';
      const failed = job.attempts >= maxAttempts;
      log?.warn({ jobId: job.id, kind: job.kind, attempts: job.attempts, failed }, 'memory job error');
      await db.kysely
        .updateTable('memory_jobs')
        .set({ status: failed ? 'failed' : 'pending', last_error: message, updated_at: isoNow(clock) })
        .where('id', '=', job.id)
        .execute()
        .catch(() => undefined);
      if (!failed) this.#kickLater(this.#options.retryDelaySeconds);
    }
  }

  #kickLater(seconds: number): void {
    if (seconds <= 0) {
      this.kick();
      return;
    }
    const timer = setTimeout(() => {
      this.#retryTimers.delete(timer);
      this.kick();
    }, seconds * 1000);
    // A waiting retry never keeps the process alive.
    timer.unref();
    this.#retryTimers.add(timer);
  }
}
