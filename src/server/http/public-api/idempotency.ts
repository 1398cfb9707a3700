import { createHash } from "node:crypto";
import { redisReady } from "@/server/redis/client";

/**
 * `Idempotency-Key` on the public API's POSTs (draft-ietf-httpapi-idempotency-key-header), per API key, for 24 hours:
 * the first request with a key claims it (an in-flight marker, SET NX); its answer then replaces the marker. The same
 * key again with the same request (method, path, body) gets that answer replayed; with another request it is refused
 * (422); while the first is still running it is refused (409). Answers of 5xx are not kept (the claim is released, so a
 * retry runs again). The marker expires on its own after a minute, so a process that died mid-request frees the key.
 * Shared by every app process through Redis.
 */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
const IN_FLIGHT_TTL_SECONDS = 60;
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

type Entry = { state: "in-flight"; fingerprint: string } | { state: "done"; fingerprint: string; answer: StoredAnswer };

export type Claim = { kind: "claimed"; release: () => Promise<void>; complete: (answer: StoredAnswer) => Promise<void> } | { kind: "replay"; answer: StoredAnswer } | { kind: "in-flight" } | { kind: "mismatch" };

const sha256 = (text: string | Uint8Array) => createHash("sha256").update(text).digest("hex");

export const requestFingerprint = (method: string, path: string, body: Uint8Array) => sha256(`${method} ${path}\n${sha256(body)}`);

const redisKey = (apiKeyId: number, idempotencyKey: string) => `loctelli:idem:${apiKeyId}:${sha256(idempotencyKey)}`;

export async function claimIdempotencyKey(apiKeyId: number, idempotencyKey: string, fingerprint: string): Promise<Claim> {
  const redis = await redisReady(1_000);
  const key = redisKey(apiKeyId, idempotencyKey);
  const marker: Entry = { state: "in-flight", fingerprint };
  const claimed = await redis.set(key, JSON.stringify(marker), "EX", IN_FLIGHT_TTL_SECONDS, "NX");
  if (claimed === "OK") {
    return {
      kind: "claimed",
      // Only our own marker is removed or replaced (a marker that expired and was claimed again is someone else's).
      release: async () => {
        await redis.eval(RELEASE_IF_OURS, 1, key, JSON.stringify(marker));
      },
      complete: async (answer) => {
        const done: Entry = { state: "done", fingerprint, answer };
        await redis.eval(REPLACE_IF_OURS, 1, key, JSON.stringify(marker), JSON.stringify(done), String(IDEMPOTENCY_TTL_SECONDS));
      },
    };
  }
  const raw = await redis.get(key);
  if (raw === null) return claimIdempotencyKey(apiKeyId, idempotencyKey, fingerprint); // expired in between
  const entry = JSON.parse(raw) as Entry;
  if (entry.fingerprint !== fingerprint) return { kind: "mismatch" };
  return entry.state === "done" ? { kind: "replay", answer: entry.answer } : { kind: "in-flight" };
}

const RELEASE_IF_OURS = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0`;
const REPLACE_IF_OURS = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("SET", KEYS[1], ARGV[2], "EX", ARGV[3]) end return 0`;
