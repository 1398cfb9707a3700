import { AppError } from "@/server/errors";
import { presentWorkspace, workspaceFields } from "./update-workspace";
import type { WorkspaceContext } from "@/server/context";

/** The workspace the caller is in, with headline counts for the shell and dashboard. */
export async function getCurrentWorkspace(ctx: WorkspaceContext) {
  const [workspace, members, leads, bookings] = await Promise.all([
    ctx.db.subAccount.findFirst({ select: workspaceFields }),
    ctx.db.user.count({ where: { isActive: true } }),
    ctx.db.lead.count({ where: { archivedAt: null } }),
    ctx.db.booking.count(),
  ]);
  if (!workspace) throw new AppError("NOT_FOUND", "Workspace not found.");
  return { ...presentWorkspace(workspace), counts: { members, leads, bookings } };
}
