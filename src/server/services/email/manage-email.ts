import type { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import type { leadEmailSuppressionSchema, setPostmarkTokenSchema, updateEmailSettingsSchema } from "@/schemas/email";
import { getEnv } from "@/env";
import type { WorkspaceContext } from "@/server/context";
import { isUniqueViolation } from "@/server/db/errors";
import { AppError } from "@/server/errors";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { EMAIL_EVENTS_PATH, emailChannelFrom, encryptPostmarkToken, INBOUND_EMAIL_PATH, inboundAddress, newMailboxToken } from "./email-channel";
import { emailRulesOf } from "./settings";

type Db = WorkspaceContext["db"];

/** The workspace's EmailSettings row, created on first use with a fresh inbound token. */
export async function ensureEmailSettings(db: Db, workspaceId: number) {
  const select = { fromName: true, fromAddress: true, serverToken: true, inboundToken: true, updatedAt: true } as const;
  const found = await db.emailSettings.findFirst({ select });
  if (found) return found;
  try {
    return await db.emailSettings.create({ data: { subAccountId: workspaceId, inboundToken: newMailboxToken() }, select });
  } catch (e) {
    // Two first reads at once: the other one created it.
    if (isUniqueViolation(e)) return db.emailSettings.findFirstOrThrow({ select });
    throw e;
  }
}

/**
 * What Settings › Email shows: which account sends, the sender, the workspace's inbound address, the webhook URLs to
 * give Postmark (without their credentials) and the rules. The server token never leaves the server.
 */
export async function getEmailSettings(ctx: WorkspaceContext) {
  const [workspace, settings] = await Promise.all([
    ctx.db.subAccount.findFirstOrThrow({ select: { name: true, settings: true } }),
    ensureEmailSettings(ctx.db, ctx.workspace.id),
  ]);
  const channel = emailChannelFrom({ id: ctx.workspace.id, name: workspace.name }, settings);
  const env = getEnv();
  return {
    account: { source: channel.source, hasOwnToken: settings.serverToken !== null },
    sender: { fromName: settings.fromName, fromAddress: settings.fromAddress, effectiveFrom: channel.from },
    inboundAddress: inboundAddress(settings.inboundToken),
    webhooks: {
      inbound: `${env.publicUrl}${INBOUND_EMAIL_PATH}`,
      events: `${env.publicUrl}${EMAIL_EVENTS_PATH}`,
      credentialsConfigured: Boolean(env.POSTMARK_WEBHOOK_USERNAME && env.POSTMARK_WEBHOOK_PASSWORD),
    },
    rules: emailRulesOf(workspace),
    updatedAt: settings.updatedAt,
  } as const;
}

/** The sender goes on EmailSettings; the rules are merged into the workspace's settings (other forms' keys are kept). */
export async function updateEmailSettings(ctx: WorkspaceContext, input: z.output<typeof updateEmailSettingsSchema>) {
  const { fromName, fromAddress, ...rules } = input;
  if (rules.newLeadStrategyId) {
    const strategy = await ctx.db.strategy.findUnique({ where: { id: rules.newLeadStrategyId }, select: { id: true } });
    if (!strategy) throw AppError.field("newLeadStrategyId", "No such strategy in this workspace.");
  }
  await ensureEmailSettings(ctx.db, ctx.workspace.id);
  const sender: Prisma.EmailSettingsUpdateManyMutationInput = {
    ...(fromName !== undefined ? { fromName: fromName || null } : {}),
    ...(fromAddress !== undefined ? { fromAddress: fromAddress || null } : {}),
  };
  if (Object.keys(sender).length) await ctx.db.emailSettings.updateMany({ data: sender });
  if (Object.keys(rules).length) {
    const current = await ctx.db.subAccount.findFirstOrThrow({ select: { settings: true } });
    const settings = (current.settings ?? {}) as Record<string, unknown>;
    const email = { ...((settings.email as Record<string, unknown> | undefined) ?? {}), ...rules };
    await ctx.db.subAccount.update({ where: { id: ctx.workspace.id }, data: { settings: { ...settings, email } as Prisma.InputJsonValue }, select: { id: true } });
  }
  await auditInWorkspace(ctx, { action: "email.settings_updated", targetType: "EmailSettings", changes: input as Prisma.InputJsonValue });
  return getEmailSettings(ctx);
}

/** The workspace's own Postmark server; the token is stored encrypted and never shown again. */
export async function setPostmarkToken(ctx: WorkspaceContext, input: z.output<typeof setPostmarkTokenSchema>) {
  await ensureEmailSettings(ctx.db, ctx.workspace.id);
  await ctx.db.emailSettings.updateMany({ data: { serverToken: encryptPostmarkToken(ctx.workspace.id, input.serverToken) } });
  await auditInWorkspace(ctx, { action: "email.credentials_set", targetType: "EmailSettings" });
  return getEmailSettings(ctx);
}

export async function clearPostmarkToken(ctx: WorkspaceContext) {
  const { count } = await ctx.db.emailSettings.updateMany({ where: { serverToken: { not: null } }, data: { serverToken: null } });
  if (count) await auditInWorkspace(ctx, { action: "email.credentials_cleared", targetType: "EmailSettings" });
  return getEmailSettings(ctx);
}

/** Whether a lead's address is suppressed (bounced, complained, unsubscribed), for the lead's page. */
export async function getLeadEmailSuppression(ctx: WorkspaceContext, input: z.output<typeof leadEmailSuppressionSchema>) {
  const lead = await ctx.db.lead.findUnique({ where: { id: input.leadId }, select: { email: true } });
  if (!lead) throw new AppError("NOT_FOUND", "No such lead in this workspace.");
  if (!lead.email) return null;
  return ctx.db.emailSuppression.findFirst({ where: { email: lead.email.toLowerCase() }, select: { id: true, email: true, reason: true, detail: true, createdAt: true } });
}

/** A person confirmed the address works again: emails to it are allowed again (audited). */
export async function liftLeadEmailSuppression(ctx: WorkspaceContext, input: z.output<typeof leadEmailSuppressionSchema>) {
  const lead = await ctx.db.lead.findUnique({ where: { id: input.leadId }, select: { email: true } });
  if (!lead) throw new AppError("NOT_FOUND", "No such lead in this workspace.");
  const { count } = lead.email ? await ctx.db.emailSuppression.deleteMany({ where: { email: lead.email.toLowerCase() } }) : { count: 0 };
  if (count) await auditInWorkspace(ctx, { action: "email.suppression_lifted", targetType: "Lead", targetId: input.leadId });
  return { lifted: count > 0 };
}
