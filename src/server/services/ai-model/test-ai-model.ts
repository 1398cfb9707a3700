import type { AiModelSettingsInput } from "@/schemas/ai-model";
import type { WorkspaceContext } from "@/server/context";
import { workspaceKeyContext } from "@/server/integrations/openai/model-settings";
import { testModelConnection } from "@/server/integrations/openai/test-connection";
import { assertWorkspaceReachableUrl, settingsToTest } from "./model-config";

/** Tries the form's values (the workspace's stored key when none is typed) without saving them. */
export async function testWorkspaceAiModel(ctx: WorkspaceContext, input: AiModelSettingsInput) {
  if (input.provider === "openai_compatible") await assertWorkspaceReachableUrl(input.baseUrl);
  const stored = await ctx.db.workspaceAiModel.findFirst({ select: { provider: true, baseUrl: true, model: true, apiKey: true, updatedAt: true } });
  return testModelConnection(settingsToTest(input, stored, workspaceKeyContext(ctx.workspace.id)), { guarded: true });
}
