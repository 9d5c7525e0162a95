import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BadRequest, Conflict } from '../errors.js';
import { canonicalJson } from './canonical-json.js';
import type { BillingDeps } from './deps.js';
import { type MoneyExecutor, isUniqueViolation, runMoneyTransaction } from './money-transaction.js';

/** Keys are kept this long; a replay after that runs the request again. */
export const IDEMPOTENCY_TTL_HOURS = 24;
const KEY_PATTERN = /^[\x21-\x7e]{8,200}$/;

export interface StoredResponse {
  status: number;
  body: unknown;
  replayed: boolean;
}

export interface IdempotencyScope {
  actorUserId: string;
  key: string;
  method: string;
  /** Route path (without query string) — the same key on another endpoint is a different request. */
  path: string;
  body: unknown;
}

export function requestHash(scope: Pick<IdempotencyScope, 'method' | 'path' | 'body'>): string {
  return createHash('sha256')
    .update(`${scope.method} ${scope.path}\n${canonicalJson(scope.body ?? null)}`)
    .digest('hex');
}

async function storedResponse(
  deps: BillingDeps,
  scope: IdempotencyScope,
  hash: string,
): Promise<StoredResponse | null> {
  const row = await deps.db.kysely
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('actor_user_id', '=', scope.actorUserId)
    .where('key', '=', scope.key)
    .where('expires_at', '>', deps.clock.now().toISOString())
    .executeTakeFirst();
  if (!row) return null;
  if (row.request_hash !== hash) {
    throw new Conflict(
      'idempotency_key_reused',
      'This Idempotency-Key was already used for a different request. Use a new key for a new request.',
    );
  }
  return { status: Number(row.response_status), body: JSON.parse(row.response_body), replayed: true };
}

/**
 * Runs a money operation at most once per (actor, key). The key row is written first inside the same
 * transaction as the money movement, so a concurrent duplicate waits on the key (PostgreSQL unique
 * index, SQLite write lock) and then replays the stored response; a crash loses both or neither.
 * Errors are not stored: a request that failed (e.g. 402) may be retried with the same key.
 */
export async function runIdempotent<P>(
  deps: BillingDeps,
  scope: IdempotencyScope,
  work: (trx: MoneyExecutor, prepared: P) => Promise<{ status: number; body: unknown }>,
  /** Slow or remote work (a payment provider call) done outside the database transaction, first replay-checked. */
  prepare?: () => Promise<P>,
): Promise<StoredResponse> {
  const hash = requestHash(scope);
  const earlier = await storedResponse(deps, scope, hash);
  if (earlier) return earlier;
  const prepared = (prepare ? await prepare() : undefined) as P;
  const now = deps.clock.now();
  try {
    return await runMoneyTransaction(deps.db, async (trx) => {
      await trx
        .deleteFrom('idempotency_keys')
        .where('actor_user_id', '=', scope.actorUserId)
        .where('key', '=', scope.key)
        .where('expires_at', '<=', now.toISOString())
        .execute();
      await trx
        .insertInto('idempotency_keys')
        .values({
          actor_user_id: scope.actorUserId,
          key: scope.key,
          request_hash: hash,
          response_status: 0,
          response_body: 'null',
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + IDEMPOTENCY_TTL_HOURS * 3_600_000).toISOString(),
        })
        .execute();
      const result = await work(trx, prepared);
      await trx
        .updateTable('idempotency_keys')
        .set({ response_status: result.status, response_body: JSON.stringify(result.body ?? null) })
        .where('actor_user_id', '=', scope.actorUserId)
        .where('key', '=', scope.key)
        .execute();
      return { ...result, replayed: false };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await storedResponse(deps, scope, hash);
    if (winner) return winner;
    throw new Conflict('idempotency_key_in_use', 'A request with this Idempotency-Key is still running.');
  }
}

/** Deletes keys older than the retention window; run by the billing sweeper. */
export async function purgeExpiredIdempotencyKeys(deps: BillingDeps): Promise<number> {
  const result = await deps.db.kysely
    .deleteFrom('idempotency_keys')
    .where('expires_at', '<=', deps.clock.now().toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The `Idempotency-Key` header of a money POST; missing or malformed → 400. */
export function idempotencyKeyOf(request: FastifyRequest): string {
  const header = request.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  if (!key) {
    throw new BadRequest(
      'idempotency_key_required',
      'Send an Idempotency-Key header (a unique string per intended operation) with money requests.',
    );
  }
  if (!KEY_PATTERN.test(key)) {
    throw new BadRequest(
      'idempotency_key_required',
      'The Idempotency-Key must be 8–200 visible ASCII characters (a UUID works well).',
    );
  }
  return key;
}

/**
 * The route helper for money POSTs: validates the header, runs `work` once per (actor, key) and sends
 * the (possibly replayed) response with `Idempotent-Replayed: true|false`.
 */
export async function sendIdempotent<P>(
  deps: BillingDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  actorUserId: string,
  work: (trx: MoneyExecutor, prepared: P) => Promise<{ status: number; body: unknown }>,
  prepare?: () => Promise<P>,
): Promise<FastifyReply> {
  const key = idempotencyKeyOf(request);
  const result = await runIdempotent(
    deps,
    { actorUserId, key, method: request.method, path: request.url.split('?')[0], body: request.body },
    work,
    prepare,
  );
  reply.header('idempotent-replayed', String(result.replayed));
  return reply.status(result.status).send(result.body);
}
