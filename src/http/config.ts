import net from 'node:net';
import { z } from 'zod';

/**
 * The HTTP hardening options (`HEARTH_*`), merged into the app config by `src/config.ts`: which
 * proxies to believe, how long a request may take to arrive, how many turns one user may run at once.
 */
const positive = z.coerce.number().int().positive();

/** proxy-addr's names for address ranges, accepted beside IPs and CIDRs. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrCidr(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const [address, prefix, extra] = entry.split('/');
  const version = net.isIP(address);
  if (!version || extra !== undefined) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (version === 4 ? 32 : 128);
}

/**
 * `false` (the default), a hop count, or proxy addresses/CIDRs. A bare `true` is refused: it made any
 * client's `X-Forwarded-For` the client address, so a direct client escaped per-IP limits (issue 13 item 9).
 */
const trustProxySchema = z.string().transform((text, context): false | number | string[] => {
  const value = text.trim().toLowerCase();
  if (['false', 'no', '0', 'off'].includes(value)) return false;
  if (/^\d+$/.test(value)) return Number(value);
  if (['true', 'yes', 'on'].includes(value)) {
    context.addIssue({
      code: 'custom',
      message:
        'true would trust any client’s X-Forwarded-For; set the number of proxies in front of Hearth (e.g. 1) or their addresses (e.g. 10.0.0.0/8)',
    });
    return z.NEVER;
  }
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const bad = entries.filter((entry) => !isAddressOrCidr(entry));
  if (entries.length === 0 || bad.length > 0) {
    context.addIssue({
      code: 'custom',
      message: `must be false, a number of proxy hops, or proxy addresses/CIDRs (not ${bad.join(', ') || 'empty'})`,
    });
    return z.NEVER;
  }
  return entries;
});

export const httpConfigShape = {
  HEARTH_TRUST_PROXY: trustProxySchema.default(false),
  HEARTH_HEADERS_TIMEOUT_MS: positive.default(20_000),
  HEARTH_REQUEST_TIMEOUT_MS: positive.default(30_000),
  HEARTH_UPLOAD_TIMEOUT_MS: positive.default(300_000),
  HEARTH_IDLE_TIMEOUT_MS: positive.default(120_000),
  HEARTH_MAX_CONCURRENT_TURNS: positive.default(3),
};

type HttpValues = {
  [K in keyof typeof httpConfigShape]: z.output<(typeof httpConfigShape)[K]>;
};

export interface HttpConfig {
  /** Fastify's `trustProxy`: off, a hop count, or trusted proxy addresses. */
  readonly trustProxy: false | number | readonly string[];
  /** Longest wait for a request's headers (Node's `headersTimeout`). */
  readonly headersTimeoutMs: number;
  /** Longest a non-upload request may take to arrive, headers and body (slow trickles end in 408). */
  readonly requestTimeoutMs: number;
  /** The same for upload routes (card imports, avatars). */
  readonly uploadTimeoutMs: number;
  /** A connection with no traffic either way for this long is closed. */
  readonly idleTimeoutMs: number;
  /** Turns (replies being generated) one user may have running at once. */
  readonly maxConcurrentTurns: number;
}

export function httpConfigFrom(values: HttpValues): HttpConfig {
  return {
    trustProxy: values.HEARTH_TRUST_PROXY,
    headersTimeoutMs: values.HEARTH_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: values.HEARTH_REQUEST_TIMEOUT_MS,
    uploadTimeoutMs: values.HEARTH_UPLOAD_TIMEOUT_MS,
    idleTimeoutMs: values.HEARTH_IDLE_TIMEOUT_MS,
    maxConcurrentTurns: values.HEARTH_MAX_CONCURRENT_TURNS,
  };
}

/** The option in the form Fastify's types take (a hop count becomes proxy-addr's hop function). */
export function fastifyTrustProxy(
  trustProxy: HttpConfig['trustProxy'],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trustProxy === 'number') return (_address, hop) => hop < trustProxy;
  return trustProxy === false ? false : [...trustProxy];
}
