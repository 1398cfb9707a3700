import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { getEnv } from "@/env";
import { redisReady } from "@/server/redis/client";

/**
 * Per-number sending rate, shared by every worker process through Redis: a number sending `rate` messages per second
 * holds `ceil(rate)` leases; a send takes one before calling the provider and gives it back one window (ceil(rate)/rate
 * seconds) after the provider answered. Every send reaches the provider while its lease is held, so no window of that
 * length at the provider ever sees more than ceil(rate) of the number's messages, however the processes' timers drift.
 * (A counter or evenly spaced slots limit when sends start; a late send then lands next to the following one.)
 * Leases live in one sorted set per number, scored by when they end, on Redis's own clock; a lease of a process that
 * died ends by itself after HOLD_MS.
 */
const HOLD_MS = 20_000;

const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) + 60000)
  return -1
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return tonumber(first[2]) - now
`;

const RELEASE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[2]), ARGV[1])
`;

export interface SendLease {
  /** Gives the lease back after the provider answered (or refused): it ends one window from now. */
  release(): Promise<void>;
}

export type LeaseOutcome = { granted: true; lease: SendLease } | { granted: false; retryInMs: number };

const POLL_MS = 20;

/**
 * Takes one of the number's leases, waiting up to `maxWaitMs` for one to free up (sends in flight give theirs back
 * when they finish). Longer than that, the caller is told roughly when to ask again instead of holding a worker slot.
 */
export async function acquireSendLease(sender: string, messagesPerSecond: number, maxWaitMs = 2_000): Promise<LeaseOutcome> {
  const redis = await redisReady();
  const limit = Math.max(1, Math.ceil(messagesPerSecond));
  const windowMs = Math.ceil((limit / messagesPerSecond) * 1_000);
  const key = `${getEnv().QUEUE_PREFIX}:sms-rate:${sender}`;
  const id = randomUUID();
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const wait = Number(await redis.eval(ACQUIRE, 1, key, limit, id, HOLD_MS));
    if (wait < 0) {
      return { granted: true, lease: { release: async () => void (await (await redisReady()).eval(RELEASE, 1, key, id, windowMs)) } };
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0 || wait > remaining + windowMs) return { granted: false, retryInMs: Math.min(Math.max(wait, POLL_MS), windowMs) };
    await sleep(Math.min(wait, POLL_MS));
  }
}
