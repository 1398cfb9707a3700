import type { WorkspaceContext } from "@/server/context";
import { latestNotes } from "./lead-notes";
import { findLead, presentLead } from "./lead-records";

export async function getLead(ctx: WorkspaceContext, input: { id: number }) {
  const lead = await findLead(ctx, input.id);
  const notes = await latestNotes(ctx, lead.id, 5);
  return { ...presentLead(lead), latestNotes: notes.items, moreNotes: notes.nextCursor !== null };
}
