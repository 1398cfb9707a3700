import { auditListSchema } from "@/schemas/audit";
import { createTRPCRouter, workspaceProcedure } from "@/server/api/trpc";
import { listWorkspaceAudit } from "@/server/services/audit/list-audit";

export const auditRouter = createTRPCRouter({
  list: workspaceProcedure.meta({ role: "admin" }).input(auditListSchema).query(({ ctx, input }) => listWorkspaceAudit(ctx, input)),
});
