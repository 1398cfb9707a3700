import { auditListSchema } from "@/schemas/audit";
import { adminProcedure, createTRPCRouter } from "@/server/api/trpc";
import { listWorkspaceAudit } from "@/server/services/audit/list-audit";

export const auditRouter = createTRPCRouter({
  list: adminProcedure.input(auditListSchema).query(({ ctx, input }) => listWorkspaceAudit(ctx, input)),
});
