import type { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import type { widgetSettingsSchema } from "@/schemas/widget";
import type { WorkspaceContext } from "@/server/context";
import { getEnv } from "@/env";
import { AppError } from "@/server/errors";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { widgetSettingsOf } from "./settings";

/** What Settings › Website chat shows: the sites, the strategy for new visitors, and the snippet to paste. */
export async function getWidgetSettings(ctx: WorkspaceContext) {
  const [workspace, strategies] = await Promise.all([
    ctx.db.subAccount.findFirstOrThrow({ select: { publicKey: true, settings: true } }),
    ctx.db.strategy.findMany({ where: { isActive: true }, orderBy: { name: "asc" }, take: 200, select: { id: true, name: true } }),
  ]);
  const settings = widgetSettingsOf(workspace);
  const app = getEnv().publicUrl;
  return {
    ...settings,
    strategies,
    snippet: `<script src="${app}/widget.js" data-key="${workspace.publicKey}" async></script>`,
  };
}

/** Merged into the workspace's settings, so one form never erases another's keys. */
export async function updateWidgetSettings(ctx: WorkspaceContext, input: z.output<typeof widgetSettingsSchema>) {
  if (input.newLeadStrategyId) {
    const strategy = await ctx.db.strategy.findFirst({ where: { id: input.newLeadStrategyId, isActive: true }, select: { id: true } });
    if (!strategy) throw AppError.field("newLeadStrategyId", "Choose an active strategy of this workspace.");
  }
  const current = await ctx.db.subAccount.findFirstOrThrow({ select: { settings: true } });
  const settings = (current.settings ?? {}) as Record<string, unknown>;
  const widget = {
    ...((settings.widget as Record<string, unknown> | undefined) ?? {}),
    ...input,
    ...(input.allowedOrigins ? { allowedOrigins: [...new Set(input.allowedOrigins)] } : {}),
  };
  await ctx.db.subAccount.update({ where: { id: ctx.workspace.id }, data: { settings: { ...settings, widget } as Prisma.InputJsonValue }, select: { id: true } });
  await auditInWorkspace(ctx, { action: "widget.settings_updated", targetType: "SubAccount", targetId: ctx.workspace.id, changes: input as Prisma.InputJsonValue });
  return getWidgetSettings(ctx);
}
