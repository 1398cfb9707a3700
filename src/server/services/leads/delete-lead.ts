import type { WorkspaceContext } from "@/server/context";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { isRecordNotFound } from "@/server/db/errors";
import { findLead, notFound } from "./lead-records";

export async function deleteLead(ctx: WorkspaceContext, input: { id: number }) {
  const before = await findLead(ctx, input.id);
  try {
    await ctx.db.lead.delete({ where: { id: input.id } });
  } catch (e) {
    if (isRecordNotFound(e)) throw notFound(input.id);
    throw e;
  }
  await auditInWorkspace(ctx, {
    action: "lead.deleted",
    targetType: "Lead",
    targetId: input.id,
    changes: { name: before.name, email: before.email, phone: before.phone },
  });
  return { id: input.id };
}
