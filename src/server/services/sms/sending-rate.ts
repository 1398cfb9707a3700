import { getEnv } from "@/env";
import { redisReady } from "@/server/redis/client";

/**
 * Per-number sending rate, shared by every worker process through Redis. Each send reserves the number's next free
 * slot (slots are 1/rate seconds apart, on Redis's own clock, so the processes' clocks do not matter) in one atomic
 * script. A fixed-window counter (rate-limiter-flexible, BullMQ's queue limiter) lets two windows' worth of sends
 * through around a window boundary and knows nothing of numbers; slots keep every two sends at least 1/rate apart.
 * A slot further away than `maxWaitMs` is not taken: the caller is told how long to wait and asks again then.
 */
const RESERVE_SLOT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local maxWait = tonumber(ARGV[2])
local nextFree = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, nextFree)
if slot - now > maxWait then return -(slot - now) end
redis.call('SET', KEYS[1], slot + interval, 'PX', slot + interval - now + 60000)
return slot - now
`;

export type SlotReservation = { reserved: true; waitMs: number } | { reserved: false; retryInMs: number };

/** Reserves the next send of `sender` (a phone number or Messaging Service SID) at `messagesPerSecond`. */
export async function reserveSendSlot(sender: string, messagesPerSecond: number, maxWaitMs = 2_000): Promise<SlotReservation> {
  const intervalMs = Math.ceil(1_000 / messagesPerSecond);
  const key = `${getEnv().QUEUE_PREFIX}:sms-rate:${sender}`;
  const result = Number(await (await redisReady()).eval(RESERVE_SLOT, 1, key, intervalMs, maxWaitMs));
  return result >= 0 ? { reserved: true, waitMs: result } : { reserved: false, retryInMs: -result };
}
