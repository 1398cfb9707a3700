import type { AiModelSettingsInput } from "@/schemas/ai-model";
import type { WorkspaceContext } from "@/server/context";
import { invalidateWorkspaceModel } from "@/server/integrations/openai/model";
import { workspaceKeyContext } from "@/server/integrations/openai/model-settings";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { assertWorkspaceReachableUrl, rowFor } from "./model-config";
import { getWorkspaceAiModel } from "./get-ai-model";

/** The workspace's own model and key ("bring your own key"), used instead of the platform's. */
export async function saveWorkspaceAiModel(ctx: WorkspaceContext, input: AiModelSettingsInput) {
  if (input.provider === "openai_compatible") await assertWorkspaceReachableUrl(input.baseUrl);
  const stored = await ctx.db.workspaceAiModel.findFirst({ select: { apiKey: true } });
  const data = rowFor(input, stored, workspaceKeyContext(ctx.workspace.id));
  await ctx.db.workspaceAiModel.upsert({
    where: { subAccountId: ctx.workspace.id },
    create: { subAccountId: ctx.workspace.id, ...data },
    update: data,
    select: { id: true },
  });
  await invalidateWorkspaceModel(ctx.workspace.id);
  await auditInWorkspace(ctx, {
    action: "ai_model.saved",
    targetType: "WorkspaceAiModel",
    changes: { provider: data.provider, baseUrl: data.baseUrl, model: data.model, keyChanged: !!input.apiKey || !!input.clearApiKey },
  });
  return getWorkspaceAiModel(ctx);
}

/** Back to the platform's model. */
export async function clearWorkspaceAiModel(ctx: WorkspaceContext) {
  const { count } = await ctx.db.workspaceAiModel.deleteMany({});
  if (count) {
    await invalidateWorkspaceModel(ctx.workspace.id);
    await auditInWorkspace(ctx, { action: "ai_model.cleared", targetType: "WorkspaceAiModel" });
  }
  return getWorkspaceAiModel(ctx);
}
