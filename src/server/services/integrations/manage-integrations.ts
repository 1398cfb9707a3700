import type { z } from "zod";
import type { connectIntegrationSchema, setIntegrationEnabledSchema } from "@/schemas/integrations";
import type { WorkspaceContext } from "@/server/context";
import { isUniqueViolation } from "@/server/db/errors";
import { AppError } from "@/server/errors";
import { GHL_TEMPLATE_KEY } from "@/server/integrations/gohighlevel/template";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { validateConfig, type ConfigSchema, type ConfigValues } from "./config-schema";
import { openSecrets, sealSecrets } from "./credentials";
import { assertSafeGhlBaseUrl, ghlAppError, ghlClientFor } from "./gohighlevel/connection";

const STATUS_WORDS = {
  pending: "Connected, not checked yet",
  active: "Working",
  error: "Needs attention",
  disconnected: "Switched off",
} as const;

/**
 * The Integrations page: every active template, and this workspace's connection to it when there is one. Secret
 * fields come back only as set / not set; the status, last sync and last problem are in words.
 */
export async function listIntegrations(ctx: WorkspaceContext) {
  const [templates, connections] = await Promise.all([
    ctx.db.integrationTemplate.findMany({ where: { isActive: true }, orderBy: { name: "asc" }, select: { id: true, key: true, name: true, category: true, description: true, configSchema: true, secretFields: true } }),
    ctx.db.integration.findMany({
      select: { id: true, templateId: true, name: true, status: true, enabled: true, config: true, encryptedCredentials: true, lastSyncAt: true, lastError: true, importJobRunId: true, syncCursor: true, updatedAt: true },
    }),
  ]);
  const runIds = connections.map((c) => c.importJobRunId).filter((id): id is number => id !== null);
  const runs = runIds.length ? await ctx.db.jobRun.findMany({ where: { id: { in: runIds } }, select: { id: true, status: true, progress: true, error: true, result: true, finishedAt: true } }) : [];
  const conflicts = connections.length
    ? await ctx.db.integrationConflict.findMany({
        where: { integrationId: { in: connections.map((c) => c.id) } },
        orderBy: { id: "desc" },
        take: 20,
        select: { id: true, integrationId: true, kind: true, localId: true, label: true, winner: true, localUpdatedAt: true, remoteUpdatedAt: true, createdAt: true },
      })
    : [];
  return templates.map((template) => {
    const connection = connections.find((c) => c.templateId === template.id);
    const schema = template.configSchema as unknown as ConfigSchema;
    if (!connection) return { template: { ...template, configSchema: schema }, connection: null };
    const secrets = safeOpen(ctx, connection);
    const values = { ...(connection.config as ConfigValues) };
    for (const field of template.secretFields) delete values[field];
    const run = runs.find((r) => r.id === connection.importJobRunId) ?? null;
    return {
      template: { ...template, configSchema: schema },
      connection: {
        id: connection.id,
        name: connection.name,
        enabled: connection.enabled,
        status: connection.enabled ? connection.status : ("disconnected" as const),
        statusText: connection.enabled ? STATUS_WORDS[connection.status] : STATUS_WORDS.disconnected,
        problem: connection.lastError,
        lastSyncAt: connection.lastSyncAt,
        values,
        secretsSet: Object.fromEntries(template.secretFields.map((f) => [f, Boolean(secrets?.[f])])),
        importRun: run,
        conflicts: conflicts.filter((c) => c.integrationId === connection.id),
      },
    };
  });
}

function safeOpen(ctx: WorkspaceContext, connection: { id: number; templateId: number; encryptedCredentials: string | null }) {
  try {
    return openSecrets(ctx.workspace.id, connection.templateId, connection.encryptedCredentials);
  } catch {
    ctx.log.warn({ integrationId: connection.id }, "integration secrets could not be decrypted");
    return null;
  }
}

/**
 * Connects the workspace to a template, or saves its settings again. A secret left blank keeps the stored one; the
 * values (secrets included) are checked against the template's schema with Ajv, and GoHighLevel's API address by the
 * SSRF guard, before anything is stored.
 */
export async function connectIntegration(ctx: WorkspaceContext, input: z.output<typeof connectIntegrationSchema>) {
  const template = await ctx.db.integrationTemplate.findFirst({ where: { id: input.templateId, isActive: true }, select: { id: true, key: true, name: true, configSchema: true, secretFields: true } });
  if (!template) throw new AppError("NOT_FOUND", "This integration is not offered.");
  const existing = await ctx.db.integration.findFirst({ where: { templateId: template.id }, select: { id: true, encryptedCredentials: true } });
  const stored = existing ? (safeOpen(ctx, { ...existing, templateId: template.id }) ?? {}) : {};
  const values: ConfigValues = {};
  const secrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(input.values)) {
    if (template.secretFields.includes(key)) {
      if (typeof value === "string" && value !== "") secrets[key] = value;
    } else if (value !== "") values[key] = value;
  }
  for (const field of template.secretFields) if (!(field in secrets) && stored[field]) secrets[field] = stored[field];
  validateConfig(template.configSchema as unknown as ConfigSchema, { ...values, ...secrets });
  // The API address gets the token with every request: never one inside our network (SSRF guard).
  if (template.key === GHL_TEMPLATE_KEY) await assertSafeGhlBaseUrl(values.baseUrl);

  const externalId = template.key === GHL_TEMPLATE_KEY ? String(values.locationId) : null;
  const data = { name: template.name, config: values as object, encryptedCredentials: sealSecrets(ctx.workspace.id, template.id, secrets), externalId, status: "pending" as const, lastError: null };
  try {
    const saved = existing
      ? await ctx.db.integration.update({ where: { id: existing.id }, data, select: { id: true } })
      : await ctx.db.integration.create({ data: { subAccountId: ctx.workspace.id, templateId: template.id, ...data }, select: { id: true } });
    await auditInWorkspace(ctx, { action: existing ? "integration.updated" : "integration.connected", targetType: "Integration", targetId: saved.id, changes: { template: template.key, fields: Object.keys(values), secretsChanged: Object.keys(input.values).filter((k) => template.secretFields.includes(k) && input.values[k] !== "") } });
    return { id: saved.id };
  } catch (e) {
    if (isUniqueViolation(e)) throw AppError.field("values.locationId", "This location is already connected to another workspace.");
    throw e;
  }
}

async function findIntegration(ctx: WorkspaceContext, id: number) {
  const integration = await ctx.db.integration.findFirst({
    where: { id },
    select: { id: true, subAccountId: true, templateId: true, config: true, encryptedCredentials: true, enabled: true, template: { select: { key: true } } },
  });
  if (!integration) throw new AppError("NOT_FOUND", "This integration is not connected.");
  return integration;
}

export async function setIntegrationEnabled(ctx: WorkspaceContext, input: z.output<typeof setIntegrationEnabledSchema>) {
  await findIntegration(ctx, input.id);
  await ctx.db.integration.update({ where: { id: input.id }, data: { enabled: input.enabled }, select: { id: true } });
  await auditInWorkspace(ctx, { action: input.enabled ? "integration.enabled" : "integration.disabled", targetType: "Integration", targetId: input.id });
  return { id: input.id, enabled: input.enabled };
}

/** Disconnecting forgets the settings, the token and the links to the vendor's records (the leads stay). */
export async function disconnectIntegration(ctx: WorkspaceContext, input: { id: number }) {
  await findIntegration(ctx, input.id);
  await ctx.db.integration.delete({ where: { id: input.id }, select: { id: true } });
  await auditInWorkspace(ctx, { action: "integration.disconnected", targetType: "Integration", targetId: input.id });
  return { id: input.id };
}

/** Asks the vendor with the stored settings; the answer (and a problem, in words) is kept as the status. */
export async function testIntegration(ctx: WorkspaceContext, input: { id: number }) {
  const integration = await findIntegration(ctx, input.id);
  if (integration.template.key !== GHL_TEMPLATE_KEY) throw new AppError("PRECONDITION_FAILED", "This integration has no connection test.");
  try {
    const { client } = ghlClientFor(integration);
    const { location } = await client.getLocation();
    await ctx.db.integration.update({ where: { id: integration.id }, data: { status: "active", lastError: null }, select: { id: true } });
    return { ok: true as const, message: `Connected to ${location.name ?? "the location"}.` };
  } catch (e) {
    const known = ghlAppError(e);
    if (!(known instanceof AppError)) throw e;
    await ctx.db.integration.update({ where: { id: integration.id }, data: { status: "error", lastError: known.message }, select: { id: true } });
    return { ok: false as const, message: known.message };
  }
}

export { findIntegration };

/** The full contact import, followed on the Integrations page through its JobRun (progress in percent). */
export async function startIntegrationImport(ctx: WorkspaceContext, input: { id: number }) {
  const integration = await findIntegration(ctx, input.id);
  if (integration.template.key !== GHL_TEMPLATE_KEY) throw new AppError("PRECONDITION_FAILED", "This integration has nothing to import.");
  if (!integration.enabled) throw new AppError("PRECONDITION_FAILED", "The connection is switched off. Switch it on to import.");
  const { ghlImportContactsJob } = await import("@/server/jobs/ghl-import-contacts");
  const { enqueue } = await import("@/server/jobs/enqueue");
  const { jobRunIdOf } = await import("@/server/jobs/job-run-data");
  const job = await enqueue(ghlImportContactsJob, { subAccountId: ctx.workspace.id, integrationId: integration.id, mode: "full" }, { ctx });
  const runId = jobRunIdOf(job);
  await ctx.db.integration.update({ where: { id: integration.id }, data: { importJobRunId: runId }, select: { id: true } });
  await auditInWorkspace(ctx, { action: "integration.import_started", targetType: "Integration", targetId: integration.id });
  return { jobRunId: runId };
}
