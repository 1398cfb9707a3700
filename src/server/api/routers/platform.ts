import { z } from "zod";
import { createTRPCRouter, platformAdminProcedure } from "@/server/api/trpc";
import { actInWorkspace } from "@/server/services/platform/act-in-workspace";
import { getPlatformOverview } from "@/server/services/platform/get-platform-overview";

export const platformRouter = createTRPCRouter({
  overview: platformAdminProcedure.query(() => getPlatformOverview()),

  actInWorkspace: platformAdminProcedure
    .input(z.object({ subAccountId: z.number().int().positive().nullable() }))
    .mutation(({ ctx, input }) => actInWorkspace(ctx, input)),
});
