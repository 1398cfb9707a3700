import { Agent, request } from "undici";
import { getEnv } from "@/env";
import { UnsafeEndpointError, checkedLookup, isAllowListed, parseEndpointUrl, resolveSafeAddresses } from "./address-guard";

export const DELIVERY_TIMEOUT_MS = 10_000;
export const RESPONSE_EXCERPT_BYTES = 1024;

export type DeliveryAttempt =
  | { ok: boolean; status: number; durationMs: number; excerpt: string; error: null }
  | { ok: false; status: null; durationMs: number; excerpt: null; error: string };

/**
 * Two connection pools: one whose connections resolve through the SSRF guard (checkedLookup: the socket connects to
 * the address that was checked) and one for WEBHOOK_ALLOWED_HOSTS. Redirects are never followed. Each keeps its
 * connections alive per origin (undici's Agent: one pool per origin), as many per origin as the worker makes
 * deliveries at once, so consecutive deliveries to one receiver reuse a connection instead of a new TCP (and TLS)
 * handshake each; a reused connection goes to the address that was checked when it was opened.
 */
const agents = new Map<boolean, Agent>();
function agentFor(allowListed: boolean): Agent {
  let agent = agents.get(allowListed);
  if (!agent) {
    agent = new Agent({
      connect: { timeout: DELIVERY_TIMEOUT_MS, lookup: checkedLookup(allowListed) as never },
      headersTimeout: DELIVERY_TIMEOUT_MS,
      bodyTimeout: DELIVERY_TIMEOUT_MS,
      connections: getEnv().WEBHOOK_DELIVERY_CONCURRENCY,
      keepAliveTimeout: 10_000,
    });
    agents.set(allowListed, agent);
  }
  return agent;
}

/** Closes the pools (tests, benches, worker shutdown). */
export async function closeWebhookAgents() {
  const all = [...agents.values()];
  agents.clear();
  await Promise.all(all.map((a) => a.close()));
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
 * POSTs one signed webhook: 10 s for the whole exchange, the URL's host checked again here (an IP literal at once,
 * a name in the connection's lookup), the answer's status and the first 1 KB of its body. Never throws.
 */
export async function postWebhook(rawUrl: string, body: string, headers: Record<string, string>): Promise<DeliveryAttempt> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const url = parseEndpointUrl(rawUrl);
    const allowListed = isAllowListed(url);
    // Literal addresses never reach a lookup: check them here.
    if (/^[\d.]+$|^\[/.test(url.hostname)) await resolveSafeAddresses(url.hostname, { allowListed });
    const response = await request(url, {
      method: "POST",
      headers,
      body,
      dispatcher: agentFor(allowListed),
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
  if (err instanceof UnsafeEndpointError) return err.message;
  const cause = err.cause instanceof UnsafeEndpointError ? err.cause : null;
  if (cause) return cause.message;
  const code = err.code ?? err.cause?.code;
  if (err.name === "TimeoutError" || err.name === "AbortError" || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || code === "UND_ERR_CONNECT_TIMEOUT") {
    return "No answer within 10 seconds.";
  }
  if (code === "EUNSAFEADDRESS") return err.message;
  if (code === "ECONNREFUSED") return "The connection was refused (nothing listens at that address).";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "The host could not be found (DNS).";
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return "The connection was closed before an answer.";
  if (code?.startsWith("ERR_TLS") || code?.includes("CERT")) return "The TLS certificate was not accepted.";
  return "The request failed before an answer.";
}
