import type { WorkspaceContext } from "@/server/context";
import { resolveChatModel } from "@/server/integrations/openai/model";
import { viewOf } from "./model-config";

const ownFields = { provider: true, baseUrl: true, model: true, apiKey: true, updatedAt: true } as const;

/** Whether the AI answers in this workspace, shown before anything is sent; admins get where to fix it. */
export async function getAiStatus(ctx: WorkspaceContext) {
  const resolved = await resolveChatModel(ctx.workspace.id);
  const canConfigure = ctx.account?.kind === "admin" || (ctx.account?.kind === "user" && ctx.account.role === "admin");
  return {
    on: resolved.model !== null,
    source: resolved.source,
    modelName: resolved.modelName,
    canConfigure,
    fixHref: canConfigure ? "/settings/ai" : null,
  };
}

/** Settings › AI: the workspace's own model (key as set / not set) and what the workspace uses now. */
export async function getWorkspaceAiModel(ctx: WorkspaceContext) {
  const [own, resolved] = await Promise.all([ctx.db.workspaceAiModel.findFirst({ select: ownFields }), resolveChatModel(ctx.workspace.id)]);
  return {
    own: viewOf(own),
    effective: { on: resolved.model !== null, source: resolved.source, modelName: resolved.modelName, host: resolved.host },
    platformAdmin: ctx.account?.kind === "admin",
  };
}
