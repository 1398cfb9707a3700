import { Agent, request } from "undici";
import { getEnv } from "@/env";
import { parseEndpointUrl } from "@/server/integrations/outbound/address-guard";
import { guardedAgent, unsafeAddressRefusal } from "@/server/integrations/outbound/guarded-agent";

export const DELIVERY_TIMEOUT_MS = 10_000;
export const RESPONSE_EXCERPT_BYTES = 1024;

export type DeliveryAttempt =
  | { ok: boolean; status: number; durationMs: number; excerpt: string; error: null }
  | { ok: false; status: null; durationMs: number; excerpt: null; error: string };

/**
 * One connection pool whose connections go through the SSRF guard (outbound/guarded-agent.ts: the socket connects to
 * the address that was checked; WEBHOOK_ALLOWED_HOSTS skips the check). Redirects are never followed. It keeps its
 * connections alive per origin (undici's Agent: one pool per origin), as many per origin as the worker makes
 * deliveries at once, so consecutive deliveries to one receiver reuse a connection instead of a new TCP (and TLS)
 * handshake each; a reused connection goes to the address that was checked when it was opened.
 */
let agent: Agent | null = null;
function deliveryAgent(): Agent {
  agent ??= guardedAgent({
    refusedTo: "Webhooks cannot be sent to",
    connectTimeoutMs: DELIVERY_TIMEOUT_MS,
    headersTimeout: DELIVERY_TIMEOUT_MS,
    bodyTimeout: DELIVERY_TIMEOUT_MS,
    connections: getEnv().WEBHOOK_DELIVERY_CONCURRENCY,
    keepAliveTimeout: 10_000,
  });
  return agent;
}

/** Closes the pool (tests, benches, worker shutdown). */
export async function closeWebhookAgents() {
  const open = agent;
  agent = null;
  await open?.close();
}

/** Reads at most `limit` bytes of a body, then drops the rest of it. */
async function excerptOf(body: AsyncIterable<Buffer> & { destroy(): void }, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) break;
  }
  body.destroy();
  // Cut on a character boundary: a multi-byte character split at the limit is dropped.
  return Buffer.concat(chunks).subarray(0, limit).toString("utf8").replace(/\uFFFD+$/, "");
}

/**
 * POSTs one signed webhook: 10 s for the whole exchange, the URL's host checked again by the connection (an IP
 * literal before the socket opens, a name in its lookup), the answer's status and the first 1 KB of its body. Never
 * throws.
 */
export async function postWebhook(rawUrl: string, body: string, headers: Record<string, string>): Promise<DeliveryAttempt> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const url = parseEndpointUrl(rawUrl);
    const response = await request(url, {
      method: "POST",
      headers,
      body,
      dispatcher: deliveryAgent(),
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      maxRedirections: 0,
    });
    const excerpt = await excerptOf(response.body as never, RESPONSE_EXCERPT_BYTES).catch(() => "");
    return { ok: response.statusCode >= 200 && response.statusCode < 300, status: response.statusCode, durationMs: elapsed(), excerpt, error: null };
  } catch (e) {
    return { ok: false, status: null, durationMs: elapsed(), excerpt: null, error: describeFailure(e) };
  }
}

function describeFailure(e: unknown): string {
  const err = e as Error & { code?: string; cause?: Error & { code?: string } };
  const refusal = unsafeAddressRefusal(e);
  if (refusal) return refusal.message;
  const code = err.code ?? err.cause?.code;
  if (err.name === "TimeoutError" || err.name === "AbortError" || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || code === "UND_ERR_CONNECT_TIMEOUT") {
    return "No answer within 10 seconds.";
  }
  if (code === "ECONNREFUSED") return "The connection was refused (nothing listens at that address).";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "The host could not be found (DNS).";
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return "The connection was closed before an answer.";
  if (code?.startsWith("ERR_TLS") || code?.includes("CERT")) return "The TLS certificate was not accepted.";
  return "The request failed before an answer.";
}
