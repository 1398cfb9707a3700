import type { WorkspaceJobContext } from "@/server/context";
import { Prisma } from "@/server/db/client";
import { postWebhook } from "@/server/integrations/webhooks/http-delivery";
import { webhookHeaders } from "@/server/integrations/webhooks/signing";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { queueNotificationEmail } from "@/server/services/notifications/queue-notification-email";
import { DISABLE_AFTER_FAILING_MS, retryDelayAfter } from "./delivery-schedule";
import { signingSecrets } from "./endpoint-records";
import { queueAttempt } from "./queue-attempt";

interface AttemptRow {
  id: string;
  webhookId: string;
  payload: string;
  isTest: boolean;
  status: string;
  attempts: number;
  nextAttemptAt: Date | null;
  endpointId: number;
  url: string;
  enabled: boolean;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
  failingSince: Date | null;
}

/**
 * The delivery and what its attempt needs of the endpoint, in one statement (raw SQL through the tenant client: it
 * runs for every attempt, and Prisma's query layer costs more CPU than the statement). Read fresh every time: whether
 * the endpoint is on, where it is, its sealed secrets (decrypted ones come from a short cache keyed by those values).
 */
async function readAttempt(ctx: WorkspaceJobContext, deliveryId: string) {
  const [row] = await ctx.db.$queryWorkspace<AttemptRow>(
    (ws) => Prisma.sql`
      SELECT d.id::text AS id, d."webhookId", d.payload, d."isTest", d.status::text AS status, d.attempts, d."nextAttemptAt",
             e.id AS "endpointId", e.url, e.enabled, e.secret, e."previousSecret", e."previousSecretExpiresAt", e."failingSince"
        FROM "WebhookDelivery" d
        JOIN "WebhookEndpoint" e ON e."subAccountId" = d."subAccountId" AND e.id = d."endpointId"
       WHERE d."subAccountId" = ${ws} AND d.id = ${deliveryId}::bigint`,
  );
  if (!row) return null;
  return {
    id: BigInt(row.id),
    webhookId: row.webhookId,
    payload: row.payload,
    isTest: row.isTest,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    endpoint: {
      id: row.endpointId,
      subAccountId: ctx.workspace.id,
      url: row.url,
      enabled: row.enabled,
      secret: row.secret,
      previousSecret: row.previousSecret,
      previousSecretExpiresAt: row.previousSecretExpiresAt,
      failingSince: row.failingSince,
    },
  };
}

/**
 * One attempt of a delivery: sign (every secret that signs now), POST (SSRF-checked, 10 s), record the outcome with
 * a conditional update on the attempt number (a repeated job records nothing twice), then queue the next attempt
 * after the backoff, or give up. Endpoint health: a success clears its failure streak; an endpoint whose attempts
 * have all failed for 24 hours is turned off and the workspace's admins are emailed.
 */
export async function deliverWebhook(ctx: WorkspaceJobContext, input: { deliveryId: string; attempt: number }) {
  const id = BigInt(input.deliveryId);
  const delivery = await readAttempt(ctx, input.deliveryId);
  if (!delivery) return { outcome: "gone" as const };
  if (delivery.status !== "pending" || delivery.attempts >= input.attempt) {
    // Recorded already; make sure the next attempt exists (queueing it may have failed after the record).
    if (delivery.status === "pending" && delivery.attempts === input.attempt && delivery.nextAttemptAt) {
      await queueAttempt(ctx, delivery.id, input.attempt + 1, Math.max(0, delivery.nextAttemptAt.getTime() - Date.now()));
    }
    return { outcome: "recorded already" as const };
  }
  const endpoint = delivery.endpoint;
  if (!endpoint.enabled && !delivery.isTest) {
    await ctx.db.webhookDelivery.updateMany({
      where: { id, status: "pending" },
      data: { status: "failed", error: "Not sent: the endpoint is turned off.", nextAttemptAt: null },
    });
    return { outcome: "endpoint off" as const };
  }

  const timestamp = new Date();
  const headers = webhookHeaders({ webhookId: delivery.webhookId, timestamp, body: delivery.payload, secrets: signingSecrets(endpoint, timestamp) });
  const result = await postWebhook(endpoint.url, delivery.payload, headers);
  const delay = result.ok ? null : retryDelayAfter(input.attempt, delivery.isTest);
  const error = result.ok ? null : (result.error ?? `The endpoint answered HTTP ${result.status}.`);
  const { count } = await ctx.db.webhookDelivery.updateMany({
    where: { id, status: "pending", attempts: input.attempt - 1 },
    data: {
      attempts: input.attempt,
      status: result.ok ? "succeeded" : delay === null ? "failed" : "pending",
      responseStatus: result.status,
      durationMs: result.durationMs,
      responseExcerpt: result.excerpt,
      error: error && delay !== null ? `${error} Retrying.` : error,
      lastAttemptAt: timestamp,
      nextAttemptAt: delay === null ? null : new Date(Date.now() + delay),
    },
  });
  if (count === 0) return { outcome: "recorded already" as const };
  if (!delivery.isTest) await trackEndpointHealth(ctx, endpoint, result.ok);
  if (delay !== null) await queueAttempt(ctx, delivery.id, input.attempt + 1, delay);
  return { outcome: result.ok ? ("delivered" as const) : ("failed" as const), status: result.status, retryInMs: delay };
}

async function trackEndpointHealth(ctx: WorkspaceJobContext, endpoint: { id: number; failingSince: Date | null }, ok: boolean) {
  const endpointId = endpoint.id;
  if (ok) {
    // A healthy endpoint (no streak when this attempt read it) costs no write; a streak is cleared conditionally.
    if (endpoint.failingSince) await ctx.db.webhookEndpoint.updateMany({ where: { id: endpointId, failingSince: { not: null } }, data: { failingSince: null } });
    return;
  }
  const now = new Date();
  await ctx.db.webhookEndpoint.updateMany({ where: { id: endpointId, failingSince: null }, data: { failingSince: now } });
  const reason = "Turned off automatically: every delivery attempt failed for 24 hours.";
  const { count } = await ctx.db.webhookEndpoint.updateMany({
    where: { id: endpointId, enabled: true, failingSince: { lte: new Date(now.getTime() - DISABLE_AFTER_FAILING_MS) } },
    data: { enabled: false, disabledAt: now, disabledReason: reason },
  });
  if (count === 0) return;
  await auditInWorkspace(ctx, { action: "webhook.auto_disabled", targetType: "WebhookEndpoint", targetId: endpointId, changes: { reason } });
  await emailAdminsEndpointDisabled(ctx, endpointId, now);
}

async function emailAdminsEndpointDisabled(ctx: WorkspaceJobContext, endpointId: number, disabledAt: Date) {
  const endpoint = await ctx.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId }, select: { url: true, description: true } });
  const admins = await ctx.db.user.findMany({ where: { role: "admin", isActive: true }, select: { id: true } });
  const name = endpoint.description ? `"${endpoint.description}" (${endpoint.url})` : endpoint.url;
  for (const admin of admins) {
    await queueNotificationEmail(ctx, {
      kind: "webhook_disabled",
      to: { userId: admin.id },
      subject: `A webhook of ${ctx.workspace.name} was turned off`,
      text: [
        `The webhook endpoint ${name} of ${ctx.workspace.name} was turned off: every delivery attempt failed for 24 hours.`,
        "No more events are sent to it. Check the delivery log under Settings › Webhooks to see what the endpoint answered,",
        "fix the receiver, then turn the endpoint back on and resend the deliveries you need.",
      ].join("\n"),
      idempotencyKey: `webhook-disabled:${endpointId}:${disabledAt.getTime()}:${admin.id}`,
    }).catch((e: unknown) => ctx.log.error({ err: { message: (e as Error).message }, endpointId }, "webhook disabled email not queued"));
  }
}
