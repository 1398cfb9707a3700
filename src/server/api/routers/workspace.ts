import { updateWorkspaceSchema } from "@/schemas/workspaces";
import { adminProcedure, createTRPCRouter, workspaceProcedure } from "@/server/api/trpc";
import { getCurrentWorkspace } from "@/server/services/workspaces/get-current-workspace";
import { updateWorkspace } from "@/server/services/workspaces/update-workspace";

export const workspaceRouter = createTRPCRouter({
  current: workspaceProcedure.query(({ ctx }) => getCurrentWorkspace(ctx)),
  update: adminProcedure.input(updateWorkspaceSchema).mutation(({ ctx, input }) => updateWorkspace(ctx, input)),
});
