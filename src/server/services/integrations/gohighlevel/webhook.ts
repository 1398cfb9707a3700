import { createPublicKey, randomUUID, verify, type KeyObject } from "node:crypto";
import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { getEnv } from "@/env";
import { clientIp } from "@/server/auth/client-ip";
import type { RequestContext } from "@/server/context";
import { unsafeDb } from "@/server/db/client";
import { isUniqueViolation } from "@/server/db/errors";
import { tenantDb } from "@/server/db/tenant";
import { HTTP_STATUS, toAppError } from "@/server/errors";
import { enqueue } from "@/server/jobs/enqueue";
import { ghlProcessWebhookJob } from "@/server/jobs/ghl-process-webhook";
import { GHL_TEMPLATE_KEY } from "@/server/integrations/gohighlevel/template";
import { logger } from "@/server/logger";

const TEXT = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

let cachedKey: { source: string; key: KeyObject | null } | undefined;

/** GHL_WEBHOOK_PUBLIC_KEY as a key object (PEM, or the raw 32-byte key in base64); null when unset or unreadable. */
function publicKey(): KeyObject | null {
  const source = getEnv().GHL_WEBHOOK_PUBLIC_KEY?.replace(/\\n/g, "\n").trim() ?? "";
  if (cachedKey?.source === source) return cachedKey.key;
  let key: KeyObject | null = null;
  try {
    if (source.includes("-----BEGIN")) key = createPublicKey(source);
    else if (source) {
      const raw = Buffer.from(source, "base64");
      key = raw.length === 32 ? createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: "der", type: "spki" }) : null;
    }
    if (key && key.asymmetricKeyType !== "ed25519") key = null;
  } catch {
    key = null;
  }
  cachedKey = { source, key };
  return key;
}

/**
 * X-GHL-Signature: GoHighLevel's Ed25519 signature (base64) over the raw body. The legacy RSA X-WH-Signature, retired on
 * 2026-07-01, is not accepted: a request carrying only that one is unsigned.
 */
export function isGhlSignatureValid(rawBody: Buffer, signature: string | null): boolean {
  const key = publicKey();
  if (!key || !signature || !/^[A-Za-z0-9+/=_-]{80,100}$/.test(signature.trim())) return false;
  try {
    return verify(null, rawBody, key, Buffer.from(signature.trim(), "base64"));
  } catch {
    return false;
  }
}

const webhookSchema = z.object({
  webhookId: z.string().trim().min(1).max(200),
  type: z.string().trim().min(1).max(100),
  locationId: z.string().trim().min(1).max(100),
});

/** The connection a webhook is for, from the location id of our own integration (across workspaces by nature). */
async function unsafeFindGhlConnection(locationId: string) {
  return unsafeDb.integration.findFirst({
    where: { externalId: locationId, template: { key: GHL_TEMPLATE_KEY }, subAccount: { isActive: true } },
    select: { id: true, subAccountId: true },
  });
}

/**
 * POST /api/webhooks/gohighlevel: the signature first (401, nothing read further or stored, when it is missing or
 * wrong); then the event is recorded once under its webhookId (WebhookEvent, unique) for the workspace whose
 * connection has that location, and ghl-process-webhook is queued. Answers at once.
 */
export async function handleGhlWebhook(req: Request): Promise<Response> {
  const requestId = req.headers.get("x-request-id") ?? randomUUID();
  const ctx: RequestContext = { requestId, log: logger.child({ requestId }), ip: clientIp(req.headers), userAgent: req.headers.get("user-agent") };
  const raw = Buffer.from(await req.arrayBuffer());
  if (!isGhlSignatureValid(raw, req.headers.get("x-ghl-signature"))) {
    ctx.log.warn({ hasLegacySignature: req.headers.has("x-wh-signature"), keyConfigured: Boolean(getEnv().GHL_WEBHOOK_PUBLIC_KEY) }, "gohighlevel webhook refused: signature missing or wrong");
    return new Response("The webhook signature (X-GHL-Signature) is missing or wrong.", { status: 401, headers: TEXT });
  }
  let payload: unknown;
  try {
    payload = JSON.parse(raw.toString("utf8"));
  } catch {
    return new Response("The body is not JSON.", { status: 400, headers: TEXT });
  }
  const parsed = webhookSchema.safeParse(payload);
  if (!parsed.success) return new Response(`The webhook lacks ${parsed.error.issues[0]?.path.join(".") || "its fields"}.`, { status: 400, headers: TEXT });
  try {
    const outcome = await recordGhlWebhook(ctx, parsed.data, payload as Prisma.InputJsonValue);
    return Response.json({ ok: true, outcome }, { headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    const known = toAppError(e, payload);
    if (known && known.code !== "INTERNAL_SERVER_ERROR") return new Response(known.message, { status: HTTP_STATUS[known.code], headers: TEXT });
    ctx.log.error({ err: { name: (e as Error).name, message: (e as Error).message } }, "gohighlevel webhook failed");
    return new Response(`Something went wrong. Reference: ${requestId}`, { status: 500, headers: TEXT });
  }
}

async function recordGhlWebhook(ctx: RequestContext, event: z.output<typeof webhookSchema>, payload: Prisma.InputJsonValue) {
  const connection = await unsafeFindGhlConnection(event.locationId);
  if (!connection) {
    ctx.log.info({ type: event.type }, "gohighlevel webhook for a location no workspace connected; ignored");
    return "ignored" as const;
  }
  const db = tenantDb(connection.subAccountId);
  try {
    const created = await db.webhookEvent.create({
      data: { subAccountId: connection.subAccountId, provider: "gohighlevel", providerEventId: event.webhookId, payload },
      select: { id: true },
    });
    await enqueue(ghlProcessWebhookJob, { subAccountId: connection.subAccountId, webhookEventId: created.id.toString() });
    return "queued" as const;
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const existing = await db.webhookEvent.findFirst({ where: { provider: "gohighlevel", providerEventId: event.webhookId }, select: { id: true, status: true } });
    if (existing?.status === "received") await enqueue(ghlProcessWebhookJob, { subAccountId: connection.subAccountId, webhookEventId: existing.id.toString() });
    return "duplicate" as const;
  }
}
