import OpenAI from "openai";
import { unsafeAddressRefusal } from "@/server/integrations/outbound/guarded-agent";
import { chatModelFrom, hostOf, type ModelSettings } from "./model";

export type ConnectionResult =
  | { ok: true; model: string; host: string; latencyMs: number }
  | { ok: false; model: string; host: string; message: string };

const TEST_TIMEOUT_MS = 15_000;

/** The vendor's own words, shortened, with the key blanked out should it be echoed back. */
function vendorWords(error: InstanceType<typeof OpenAI.APIError>, apiKey: string | null): string {
  const body = error.error as { message?: unknown } | undefined;
  let words = typeof body?.message === "string" ? body.message : error.message.replace(/^\d{3}\s*/, "");
  if (apiKey) words = words.split(apiKey).join("…");
  words = words.replace(/\s+/g, " ").trim();
  return words.length > 300 ? `${words.slice(0, 300)}…` : words;
}

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: "nothing is listening at that address",
  ENOTFOUND: "that host name does not exist",
  EAI_AGAIN: "the host name could not be looked up",
  ECONNRESET: "the connection was cut",
  ETIMEDOUT: "the connection timed out",
  CERT_HAS_EXPIRED: "its certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "its certificate is self-signed",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "its certificate cannot be verified",
};

/** The network reason under the SDK's "Connection error." (undici nests it in causes, or in an AggregateError). */
function networkReason(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth++) {
    const { code, message, errors } = current as { code?: unknown; message?: unknown; errors?: unknown };
    if (typeof code === "string" && code in NETWORK_WORDS) return NETWORK_WORDS[code];
    if (Array.isArray(errors)) {
      const inner = errors.map(networkReason).find(Boolean);
      if (inner) return inner;
    }
    if (message === "bad port") return "that port is one the fetch standard forbids (choose another port)";
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** What went wrong, in words an admin can act on (never a stack trace, never the key). */
export function explainModelError(error: unknown, settings: ModelSettings): string {
  const host = hostOf(settings);
  if (error instanceof OpenAI.APIConnectionTimeoutError) return `${host} did not answer within ${TEST_TIMEOUT_MS / 1000} seconds.`;
  if (error instanceof OpenAI.APIConnectionError) {
    const refusal = unsafeAddressRefusal(error);
    if (refusal) return refusal.message;
    return `${host} could not be reached: ${networkReason(error) ?? "the connection failed"}.`;
  }
  if (error instanceof OpenAI.APIError) {
    const words = vendorWords(error, settings.apiKey);
    switch (error.status) {
      case 401:
        return `${host} refused the key (401): ${words}`;
      case 403:
        return `${host} does not allow this key to use the model (403): ${words}`;
      case 404:
        return `${host} has no model “${settings.model}”, or the address is not an OpenAI-compatible API ending in /v1 (404): ${words}`;
      case 429:
        return `${host} is limiting requests, or the account has no credit left (429): ${words}`;
      default:
        if (error.status && error.status >= 500) return `${host} had an error of its own (${error.status}): ${words}`;
        if (error.status) return `${host} refused the request (${error.status}): ${words}`;
        return `${host} sent an answer that is not the OpenAI API: ${words}`;
    }
  }
  return `${host} sent an answer that could not be read.`;
}

/**
 * Tries a configuration before (or after) it is saved: a one-token chat completion, which proves together that the
 * server answers, the key is accepted and the model exists. No retries, 15 s at most.
 */
export async function testModelConnection(settings: ModelSettings, opts: { guarded?: boolean } = {}): Promise<ConnectionResult> {
  const { client, model } = chatModelFrom(settings, { timeoutMs: TEST_TIMEOUT_MS, maxRetries: 0, guarded: opts.guarded });
  const host = hostOf(settings);
  const started = performance.now();
  try {
    const completion = await client.chat.completions.create({ model, messages: [{ role: "user", content: "Reply with OK." }], max_tokens: 1 });
    if (!Array.isArray(completion.choices)) return { ok: false, model, host, message: `${host} answered, but not with a chat completion.` };
    return { ok: true, model, host, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, model, host, message: explainModelError(error, settings) };
  }
}
