import { randomUUID } from "node:crypto";
import { getEnv } from "@/env";
import { clientIp } from "@/server/auth/client-ip";
import { consumeRateLimit, RATE_LIMITS, type RateLimitState } from "@/server/auth/rate-limit";
import type { WorkspaceContext } from "@/server/context";
import { tenantDb } from "@/server/db/tenant";
import { readBodyWithin } from "@/server/http/body-limit";
import { logger } from "@/server/logger";
import { apiKeyHasScope, authenticateApiKey, hashApiKey } from "@/server/services/api-keys/authenticate-api-key";
import { claimIdempotencyKey, IDEMPOTENCY_KEY_PATTERN, requestFingerprint, type Claim } from "./idempotency";
import { inputOf, locationOf } from "./input";
import { openApiDocument } from "./openapi";
import { bodyMethods, matchOperation, type PublicOperation } from "./operations";
import { problem, problemFromError, validationDetail, type ProblemRequest } from "./problem";

export const API_BASE_PATH = "/api/v1";
const REFERENCE_PAGE = "/developers/api";
/** The per-key limit's name in `RateLimit-Policy` / `RateLimit` (draft-ietf-httpapi-ratelimit-headers). */
const POLICY = "per-key";

/** The per-key limit counts under the key's hash, so it runs beside the key lookup instead of after it. */
export const apiKeyRateLimitKey = (presented: string) => hashApiKey(presented).slice(0, 32);

/** `RateLimit-Policy: "per-key";q=600;w=60` and `RateLimit: "per-key";r=599;t=42` (remaining, seconds to reset). */
export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  const { points, durationSec } = RATE_LIMITS.apiKey;
  return {
    "RateLimit-Policy": `"${POLICY}";q=${points};w=${durationSec}`,
    RateLimit: `"${POLICY}";r=${Math.max(0, state.remaining)};t=${Math.max(0, state.retryAfterSec)}`,
  };
}

/**
 * Every request under /api/v1: the OpenAPI document (public), else the operation the method and path name, behind
 * one sequence: API key (401) -> per-key rate limit (429, RateLimit headers on every answer after it) -> the
 * operation's scope (403) -> body within the limit (413) -> Idempotency-Key on POST (replay, 409, 422) -> input
 * validated by the operation's schema (400 naming the fields) -> the service -> JSON, or problem+json for any refusal.
 */
export async function handlePublicApiRequest(req: Request, segments: string[]): Promise<Response> {
  const url = new URL(req.url);
  const requestId = req.headers.get("x-request-id") ?? randomUUID();
  const log = logger.child({ requestId });
  const preq: ProblemRequest = { requestId, instance: url.pathname.slice(0, 300), log };
  try {
    if (segments.length === 1 && segments[0] === "openapi.json" && (req.method === "GET" || req.method === "HEAD")) {
      return Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300", "access-control-allow-origin": "*" } });
    }
    const match = matchOperation(req.method, segments);
    if (!match) {
      return problem(preq, { type: "not-found", detail: `No endpoint ${req.method} ${preq.instance}. The endpoints are listed at ${REFERENCE_PAGE}.` });
    }
    if ("allow" in match) {
      return problem(preq, { type: "method-not-allowed", detail: `${preq.instance} takes ${match.allow.join(", ")}, not ${req.method}.`, headers: { Allow: match.allow.join(", ") } });
    }
    const { operation, params } = match;

    const presented = req.headers.get("x-api-key");
    const wellFormed = presented !== null && presented.startsWith("lk_") && presented.length <= 200;
    const [key, limit] = wellFormed ? await Promise.all([authenticateApiKey(presented), consumeRateLimit("apiKey", apiKeyRateLimitKey(presented))]) : [null, null];
    if (!key) return problem(preq, { type: "unauthorized", detail: "A valid API key is required in the X-API-Key header." });

    const limitHeaders = limit ? rateLimitHeaders(limit) : {};
    if (limit && !limit.allowed) {
      return problem(preq, {
        type: "rate-limited",
        detail: `This API key made more than ${RATE_LIMITS.apiKey.points} requests in ${RATE_LIMITS.apiKey.durationSec} seconds. Try again in ${limit.retryAfterSec} seconds.`,
        headers: { ...limitHeaders, "Retry-After": String(Math.max(1, limit.retryAfterSec)) },
      });
    }
    if (!apiKeyHasScope(key.scopes, operation.scope)) {
      return problem(preq, { type: "insufficient-scope", detail: `This API key lacks the ${operation.scope} scope.`, headers: limitHeaders });
    }

    let body: Uint8Array = new Uint8Array(0);
    if (bodyMethods.has(operation.method)) {
      const limitBytes = getEnv().BODY_LIMIT_BYTES;
      const read = await readBodyWithin(req, limitBytes);
      if (read === null) return problem(preq, { type: "payload-too-large", detail: `The body must not exceed ${limitBytes} bytes.`, headers: limitHeaders });
      body = read;
    }

    let claim: Claim | null = null;
    const idempotencyKey = operation.method === "POST" ? req.headers.get("idempotency-key") : null;
    if (idempotencyKey !== null) {
      if (!IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
        const errors = [{ field: "Idempotency-Key", in: "header" as const, detail: "Use 1 to 255 visible ASCII characters, e.g. a UUID" }];
        return problem(preq, { type: "validation-error", detail: validationDetail(errors), errors, headers: limitHeaders });
      }
      claim = await claimIdempotencyKey(key.id, idempotencyKey, requestFingerprint(req.method, `${url.pathname}${url.search}`, body));
      if (claim.kind === "replay") {
        return new Response(claim.answer.body || null, { status: claim.answer.status, headers: { ...claim.answer.headers, ...limitHeaders, "Idempotent-Replayed": "true" } });
      }
      if (claim.kind === "in-flight") {
        return problem(preq, { type: "idempotency-key-in-use", detail: "A request with this Idempotency-Key is still being processed. Retry after it finishes.", headers: { ...limitHeaders, "Retry-After": "1" } });
      }
      if (claim.kind === "mismatch") {
        return problem(preq, { type: "idempotency-key-reused", detail: "This Idempotency-Key was already used with a different request (method, path or body) in the last 24 hours.", headers: limitHeaders });
      }
    }

    const ctx: WorkspaceContext = {
      requestId,
      log,
      ip: clientIp(req.headers),
      userAgent: req.headers.get("user-agent"),
      account: null,
      workspace: { id: key.subAccountId, name: key.workspaceName },
      db: tenantDb(key.subAccountId),
      actingAsAdmin: false,
      apiKey: { id: key.id, scopes: key.scopes },
    };
    const response = await runOperation(ctx, preq, operation, params, url.searchParams, body, req.headers.get("content-type"), limitHeaders);
    if (claim?.kind === "claimed") {
      if (response.status >= 500) await claim.release();
      else {
        const text = await response.clone().text();
        await claim.complete({ status: response.status, headers: Object.fromEntries([...response.headers].filter(([name]) => !/^ratelimit/i.test(name))), body: text });
      }
    }
    return response;
  } catch (e) {
    return problemFromError(preq, e, undefined, () => "body");
  }
}

async function runOperation(
  ctx: WorkspaceContext,
  preq: ProblemRequest,
  operation: PublicOperation,
  params: Record<string, string>,
  query: URLSearchParams,
  body: Uint8Array,
  contentType: string | null,
  headers: Record<string, string>,
): Promise<Response> {
  const where = locationOf(operation);
  const raw = inputOf(operation, params, query, body, contentType);
  if (!raw.ok) {
    if (raw.kind) return problem(preq, { type: raw.kind, detail: raw.detail ?? "The request cannot be read.", headers });
    return problem(preq, { type: "validation-error", detail: validationDetail(raw.errors), errors: raw.errors, headers });
  }
  const parsed = operation.input.safeParse(raw.input);
  if (!parsed.success) return problemFromError(preq, parsed.error, raw.input, where, headers);
  try {
    const result = await operation.run(ctx, parsed.data);
    const status = operation.statusOf?.(result) ?? operation.response.status;
    if (status === 204) return new Response(null, { status, headers: { "cache-control": "no-store", ...headers } });
    return new Response(JSON.stringify(result), { status, headers: { "content-type": "application/json", "cache-control": "no-store", ...headers } });
  } catch (e) {
    return problemFromError(preq, e, parsed.data, where, headers);
  }
}
