import { usageSummarySchema } from "@/schemas/usage";
import { adminProcedure, createTRPCRouter } from "@/server/api/trpc";
import { getUsage } from "@/server/services/usage/get-usage";

/** The usage page of a workspace (its admins): tokens, cost, turns, messages, handoffs, AI bookings; budget and limits. */
export const usageRouter = createTRPCRouter({
  summary: adminProcedure.input(usageSummarySchema).query(({ ctx, input }) => getUsage(ctx, input)),
});
