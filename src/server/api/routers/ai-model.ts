import { aiModelSettingsSchema } from "@/schemas/ai-model";
import { adminProcedure, createTRPCRouter, workspaceProcedure } from "@/server/api/trpc";
import { getAiStatus, getWorkspaceAiModel } from "@/server/services/ai-model/get-ai-model";
import { clearWorkspaceAiModel, saveWorkspaceAiModel } from "@/server/services/ai-model/save-ai-model";
import { testWorkspaceAiModel } from "@/server/services/ai-model/test-ai-model";

/** The workspace's AI model: whether the AI is on (every member), its own model and key (admins). */
export const aiModelRouter = createTRPCRouter({
  status: workspaceProcedure.query(({ ctx }) => getAiStatus(ctx)),
  get: adminProcedure.query(({ ctx }) => getWorkspaceAiModel(ctx)),
  save: adminProcedure.input(aiModelSettingsSchema).mutation(({ ctx, input }) => saveWorkspaceAiModel(ctx, input)),
  clear: adminProcedure.mutation(({ ctx }) => clearWorkspaceAiModel(ctx)),
  test: adminProcedure.input(aiModelSettingsSchema).mutation(({ ctx, input }) => testWorkspaceAiModel(ctx, input)),
});
