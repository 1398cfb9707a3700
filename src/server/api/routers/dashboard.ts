import { dashboardSummarySchema } from "@/schemas/dashboard";
import { createTRPCRouter, workspaceProcedure } from "@/server/api/trpc";
import { getDashboardSummary } from "@/server/services/dashboard/get-dashboard-summary";

export const dashboardRouter = createTRPCRouter({
  summary: workspaceProcedure.input(dashboardSummarySchema).query(({ ctx, input }) => getDashboardSummary(ctx, input)),
});
