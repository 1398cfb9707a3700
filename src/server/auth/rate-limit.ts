import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { Ratelimit } from "@upstash/ratelimit";
import { Redis as UpstashRedis } from "@upstash/redis";
import { getEnv } from "@/env";
import { AppError } from "@/server/errors";
import { getRedis, redisReady } from "@/server/redis/client";

/**
 * Named limits, declared once. Each runs on Redis (rate-limiter-flexible); a deployment that configures
 * Upstash (Vercel-style) runs the same limits on @upstash/ratelimit. When the store is unreachable,
 * `failClosed` limits refuse with 503 (sign-in and account endpoints) and the others let the request pass.
 */
export const RATE_LIMITS = {
  signIn: { points: 5, durationSec: 15 * 60, failClosed: true, message: "Too many sign-in attempts" },
  register: { points: 15, durationSec: 15 * 60, failClosed: true, message: "Too many registrations" },
  refresh: { points: 30, durationSec: 15 * 60, failClosed: true, message: "Too many session refreshes" },
  // Emailed links (password reset, verification sent again) and using them, per client IP.
  emailLink: { points: 10, durationSec: 15 * 60, failClosed: true, message: "Too many requests from this address" },
  // Emails sent to one address (sign-up, new verification link, password reset), counted for unknown addresses too.
  emailsToAddress: { points: 5, durationSec: 15 * 60, failClosed: true, message: "Too many emails requested for this address" },
  changePassword: { points: 5, durationSec: 15 * 60, failClosed: true, message: "Too many password changes" },
  // Looking up and using invitation codes: enough for people, too few to guess 31^8 codes.
  invitation: { points: 20, durationSec: 15 * 60, failClosed: true, message: "Too many invitation attempts" },
  apiKey: { points: 600, durationSec: 60, failClosed: true, message: "API key rate limit reached" },
  // Public contact form, per client IP: plenty for people, a wall for scripts. Open when Redis is down (spam over outage).
  contactForm: { points: 5, durationSec: 10 * 60, failClosed: false, message: "Too many messages from this address" },
  // One-click unsubscribes, per client IP (mail providers post them from shared addresses). Open when Redis is down:
  // an unsubscribe must never be lost to an outage.
  unsubscribe: { points: 60, durationSec: 10 * 60, failClosed: false, message: "Too many unsubscribe requests from this address" },
  // The public booking page's cancel and reschedule, per client IP. Open when Redis is down: the link is the lock.
  bookingManage: { points: 30, durationSec: 10 * 60, failClosed: false, message: "Too many booking changes from this address" },
  // Website chat: every message and details form, per client IP (an office or a phone network shares one) and per
  // visitor (the signed token). Each message may cost a model turn: closed when Redis is down.
  widgetIp: { points: 120, durationSec: 10 * 60, failClosed: true, message: "Too many chat messages from this address" },
  widgetVisitor: { points: 20, durationSec: 60, failClosed: true, message: "You are sending messages too quickly" },
  // Public forms (/f/<slug>): submissions per client IP and per form (a wall for a flood at one form, room for a
  // campaign's rush), and the page's saves, events and uploads per IP. Open when Redis is down (spam over outage).
  formSubmitIp: { points: 10, durationSec: 10 * 60, failClosed: false, message: "Too many forms sent from this address" },
  formSubmitForm: { points: 600, durationSec: 60, failClosed: false, message: "This form is receiving too many submissions" },
  formVisitorIp: { points: 600, durationSec: 10 * 60, failClosed: false, message: "Too many requests from this address" },
} as const;

export type RateLimitName = keyof typeof RATE_LIMITS;

/** One request counted: whether it may pass, what is left in the window, and when the window ends. */
export interface RateLimitState {
  allowed: boolean;
  /** Requests left in the current window after this one. */
  remaining: number;
  /** Seconds until the window resets (0 when it already has). */
  retryAfterSec: number;
}

interface Limiter {
  consume(key: string): Promise<RateLimitState>;
}

function redisLimiter(name: RateLimitName): Limiter {
  const spec = RATE_LIMITS[name];
  const limiter = new RateLimiterRedis({
    storeClient: getRedis(),
    keyPrefix: `loctelli:rl:${name}`,
    points: spec.points,
    duration: spec.durationSec,
  });
  return {
    async consume(key) {
      // The connection does not queue commands: give a (re)connecting client a moment before failing.
      await redisReady(1_000);
      try {
        const res = await limiter.consume(key);
        return { allowed: true, remaining: res.remainingPoints, retryAfterSec: Math.ceil(res.msBeforeNext / 1000) };
      } catch (e) {
        if (e instanceof RateLimiterRes) return { allowed: false, remaining: 0, retryAfterSec: Math.ceil(e.msBeforeNext / 1000) };
        throw e;
      }
    },
  };
}

function upstashLimiter(name: RateLimitName, url: string, token: string): Limiter {
  const spec = RATE_LIMITS[name];
  const limiter = new Ratelimit({
    redis: new UpstashRedis({ url, token }),
    limiter: Ratelimit.fixedWindow(spec.points, `${spec.durationSec} s`),
    prefix: `loctelli:rl:${name}`,
  });
  return {
    async consume(key) {
      const r = await limiter.limit(key);
      return { allowed: r.success, remaining: Math.max(0, r.remaining), retryAfterSec: Math.max(0, Math.ceil((r.reset - Date.now()) / 1000)) };
    },
  };
}

const limiters = new Map<RateLimitName, Limiter>();

function limiterFor(name: RateLimitName): Limiter {
  let limiter = limiters.get(name);
  if (!limiter) {
    const env = getEnv();
    limiter =
      env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN
        ? upstashLimiter(name, env.UPSTASH_REDIS_REST_URL, env.UPSTASH_REDIS_REST_TOKEN)
        : redisLimiter(name);
    limiters.set(name, limiter);
  }
  return limiter;
}

/**
 * Counts one request against `name` for `key` and says what is left (for `RateLimit` headers); null when the store
 * is unreachable and the limit lets requests pass. Throws SERVICE_UNAVAILABLE for a fail-closed limit then.
 */
export async function consumeRateLimit(name: RateLimitName, key: string): Promise<RateLimitState | null> {
  try {
    return await limiterFor(name).consume(key);
  } catch {
    if (!RATE_LIMITS[name].failClosed) return null;
    throw new AppError("SERVICE_UNAVAILABLE", "This service is temporarily unavailable. Try again shortly.", {
      retryAfterSeconds: 30,
    });
  }
}

/** Counts one request against `name` for `key`; throws TOO_MANY_REQUESTS or (fail-closed) SERVICE_UNAVAILABLE. */
export async function enforceRateLimit(name: RateLimitName, key: string): Promise<void> {
  const spec = RATE_LIMITS[name];
  const result = await consumeRateLimit(name, key);
  if (!result) return;
  if (!result.allowed) {
    const minutes = Math.max(1, Math.ceil(result.retryAfterSec / 60));
    throw new AppError("TOO_MANY_REQUESTS", `${spec.message}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, {
      retryAfterSeconds: result.retryAfterSec,
    });
  }
}
