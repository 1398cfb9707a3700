import type { CreateWebhookEndpointInput, UpdateWebhookEndpointInput } from "@/schemas/webhooks";
import type { WorkspaceContext } from "@/server/context";
import { isRecordNotFound } from "@/server/db/errors";
import { newWebhookSecret } from "@/server/integrations/webhooks/signing";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { checkedEndpointUrl, currentSecretOf, endpointFields, endpointNotFound, findEndpoint, sealSecret } from "./endpoint-records";

/** How long the previous secret keeps signing after a rotation, so receivers can switch without losing a message. */
export const ROTATION_OVERLAP_MS = 24 * 3600 * 1000;

/** The endpoints, with `rotationOverlapUntil`: when the previous secret stops signing (null when it no longer does). */
export async function listWebhookEndpoints(ctx: WorkspaceContext) {
  const now = Date.now();
  const endpoints = await ctx.db.webhookEndpoint.findMany({ orderBy: { id: "asc" }, select: endpointFields });
  return endpoints.map((e) => ({ ...e, rotationOverlapUntil: e.previousSecretExpiresAt && e.previousSecretExpiresAt.getTime() > now ? e.previousSecretExpiresAt : null }));
}

/** Registers an endpoint (its address checked against the SSRF rules); the new secret is returned this once. */
export async function createWebhookEndpoint(ctx: WorkspaceContext, input: CreateWebhookEndpointInput) {
  const url = await checkedEndpointUrl(input.url);
  const secret = newWebhookSecret();
  const endpoint = await ctx.db.$transaction(async (tx) => {
    // The secret is bound to the row's id: insert, then seal it under that id.
    const row = await tx.webhookEndpoint.create({
      data: { subAccountId: ctx.workspace.id, url, description: input.description || null, eventTypes: input.eventTypes, secret: "" },
      select: { id: true },
    });
    const updated = await tx.webhookEndpoint.update({ where: { id: row.id }, data: { secret: sealSecret(ctx.workspace.id, row.id, "current", secret) }, select: endpointFields });
    await auditInWorkspace(ctx, { action: "webhook.created", targetType: "WebhookEndpoint", targetId: row.id, changes: { url, eventTypes: input.eventTypes } }, tx);
    return updated;
  });
  return { endpoint, secret };
}

export async function updateWebhookEndpoint(ctx: WorkspaceContext, input: UpdateWebhookEndpointInput) {
  await findEndpoint(ctx, input.id);
  const url = input.url === undefined ? undefined : await checkedEndpointUrl(input.url);
  const endpoint = await ctx.db.webhookEndpoint.update({
    where: { id: input.id },
    data: { url, description: input.description === undefined ? undefined : input.description || null, eventTypes: input.eventTypes },
    select: endpointFields,
  });
  await auditInWorkspace(ctx, { action: "webhook.updated", targetType: "WebhookEndpoint", targetId: input.id, changes: { url, eventTypes: input.eventTypes } });
  return endpoint;
}

/** Turning an endpoint back on clears the failure streak, so it gets a fresh 24 hours before any automatic disable. */
export async function setWebhookEndpointEnabled(ctx: WorkspaceContext, input: { id: number; enabled: boolean }) {
  await findEndpoint(ctx, input.id);
  const endpoint = await ctx.db.webhookEndpoint.update({
    where: { id: input.id },
    data: input.enabled
      ? { enabled: true, disabledAt: null, disabledReason: null, failingSince: null }
      : { enabled: false, disabledAt: new Date(), disabledReason: "Turned off by a person." },
    select: endpointFields,
  });
  await auditInWorkspace(ctx, { action: input.enabled ? "webhook.enabled" : "webhook.disabled", targetType: "WebhookEndpoint", targetId: input.id });
  return endpoint;
}

/**
 * A new current secret (returned this once); the old one becomes the previous secret and keeps signing, beside the
 * new one, for ROTATION_OVERLAP_MS.
 */
export async function rotateWebhookSecret(ctx: WorkspaceContext, input: { id: number }) {
  const before = await findEndpoint(ctx, input.id);
  const current = currentSecretOf(before);
  const secret = newWebhookSecret();
  const previousSecretExpiresAt = new Date(Date.now() + ROTATION_OVERLAP_MS);
  const endpoint = await ctx.db.webhookEndpoint.update({
    where: { id: input.id },
    data: {
      secret: sealSecret(ctx.workspace.id, before.id, "current", secret),
      previousSecret: sealSecret(ctx.workspace.id, before.id, "previous", current),
      previousSecretExpiresAt,
    },
    select: endpointFields,
  });
  await auditInWorkspace(ctx, { action: "webhook.secret_rotated", targetType: "WebhookEndpoint", targetId: input.id, changes: { previousSecretExpiresAt: previousSecretExpiresAt.toISOString() } });
  return { endpoint, secret };
}

export async function deleteWebhookEndpoint(ctx: WorkspaceContext, input: { id: number }) {
  try {
    await ctx.db.webhookEndpoint.delete({ where: { id: input.id }, select: { id: true } });
  } catch (e) {
    if (isRecordNotFound(e)) throw endpointNotFound();
    throw e;
  }
  await auditInWorkspace(ctx, { action: "webhook.deleted", targetType: "WebhookEndpoint", targetId: input.id });
  return { id: input.id };
}
