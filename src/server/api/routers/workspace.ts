import { createTRPCRouter, workspaceProcedure } from "@/server/api/trpc";
import { getCurrentWorkspace } from "@/server/services/workspaces/get-current-workspace";

export const workspaceRouter = createTRPCRouter({
  current: workspaceProcedure.query(({ ctx }) => getCurrentWorkspace(ctx)),
});
