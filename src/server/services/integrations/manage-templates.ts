import type { z } from "zod";
import type { createIntegrationTemplateSchema, updateIntegrationTemplateSchema } from "@/schemas/integrations";
import type { AuthedContext } from "@/server/context";
import { unsafeDb } from "@/server/db/client";
import { isForeignKeyViolation, isRecordNotFound, isUniqueViolation } from "@/server/db/errors";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import { parseTemplateSchema } from "./config-schema";

const templateFields = { id: true, key: true, name: true, category: true, description: true, configSchema: true, secretFields: true, isActive: true, updatedAt: true } as const;

/** Every template with how many workspaces use it (platform admins, /admin/integrations). */
export async function listIntegrationTemplates() {
  const templates = await unsafeDb.integrationTemplate.findMany({ orderBy: { name: "asc" }, select: { ...templateFields, _count: { select: { integrations: true } } } });
  return templates.map(({ _count, configSchema, ...t }) => ({ ...t, configSchema: JSON.stringify(configSchema, null, 2), connectedWorkspaces: _count.integrations }));
}

export async function createIntegrationTemplate(ctx: AuthedContext, input: z.output<typeof createIntegrationTemplateSchema>) {
  const schema = parseTemplateSchema(input.configSchema, input.secretFields);
  try {
    const template = await unsafeDb.integrationTemplate.create({
      data: { ...input, category: input.category || null, description: input.description || null, configSchema: schema as object },
      select: { id: true, name: true },
    });
    await recordAudit(ctx, { action: "integration_template.created", actor: ctx.account, targetType: "IntegrationTemplate", targetId: template.id, changes: { name: template.name } });
    return template;
  } catch (e) {
    if (isUniqueViolation(e)) throw AppError.field("key", "Another template already uses this key.");
    throw e;
  }
}

/**
 * Saving a schema that connected workspaces' values no longer satisfy is allowed (they are asked to fix them the next
 * time they save); the secret fields they stored stay sealed.
 */
export async function updateIntegrationTemplate(ctx: AuthedContext, input: z.output<typeof updateIntegrationTemplateSchema>) {
  const { id, ...changes } = input;
  const schema = parseTemplateSchema(changes.configSchema, changes.secretFields);
  try {
    await unsafeDb.integrationTemplate.update({
      where: { id },
      data: { ...changes, category: changes.category || null, description: changes.description || null, configSchema: schema as object },
      select: { id: true },
    });
  } catch (e) {
    if (isRecordNotFound(e)) throw new AppError("NOT_FOUND", "This integration template does not exist.");
    throw e;
  }
  await recordAudit(ctx, { action: "integration_template.updated", actor: ctx.account, targetType: "IntegrationTemplate", targetId: id, changes: { fields: Object.keys(changes) } });
  return { id };
}

/** Refused while a workspace is connected through it (switch it off instead); the Restrict foreign key backs this up. */
export async function deleteIntegrationTemplate(ctx: AuthedContext, input: { id: number }) {
  const used = await unsafeDb.integration.count({ where: { templateId: input.id } });
  if (used) throw new AppError("PRECONDITION_FAILED", `${used} workspace${used === 1 ? " is" : "s are"} connected through this template. Hide it from workspaces instead (untick “Offered to workspaces”), or ask them to disconnect first.`);
  try {
    await unsafeDb.integrationTemplate.delete({ where: { id: input.id }, select: { id: true } });
  } catch (e) {
    if (isRecordNotFound(e)) throw new AppError("NOT_FOUND", "This integration template does not exist.");
    if (isForeignKeyViolation(e)) throw new AppError("PRECONDITION_FAILED", "A workspace connected through this template meanwhile. Hide it from workspaces instead (untick “Offered to workspaces”).");
    throw e;
  }
  await recordAudit(ctx, { action: "integration_template.deleted", actor: ctx.account, targetType: "IntegrationTemplate", targetId: input.id });
  return { id: input.id };
}
