import type { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/server/errors";
import type { WorkspaceContext } from "@/server/context";
import type { z } from "zod";
import type { addLeadNoteSchema, listLeadNotesSchema } from "@/schemas/leads";

const noteFields = {
  id: true,
  leadId: true,
  body: true,
  createdAt: true,
  authorUserId: true,
  authorAdminId: true,
  authorUser: { select: { id: true, name: true } },
} as const satisfies Prisma.LeadNoteSelect;

type NoteRow = Prisma.LeadNoteGetPayload<{ select: typeof noteFields }>;

/** One timeline entry: who wrote it (a member, a platform admin acting in the workspace, or nobody left) and when. */
export function presentNote(note: NoteRow) {
  const author = note.authorUser
    ? { kind: "user" as const, id: note.authorUser.id, name: note.authorUser.name }
    : note.authorAdminId
      ? { kind: "admin" as const, id: note.authorAdminId, name: "Platform administrator" }
      : null;
  return { id: note.id, leadId: note.leadId, body: note.body, createdAt: note.createdAt, author };
}

export async function assertLeadExists(ctx: WorkspaceContext, leadId: number) {
  const lead = await ctx.db.lead.findUnique({ where: { id: leadId }, select: { id: true } });
  if (!lead) throw new AppError("NOT_FOUND", `No lead #${leadId} in this workspace.`);
}

/** Newest first; the cursor is the last note id of the previous page (ids grow with time). */
export async function listLeadNotes(ctx: WorkspaceContext, input: z.infer<typeof listLeadNotesSchema>) {
  await assertLeadExists(ctx, input.leadId);
  return latestNotes(ctx, input.leadId, input.limit, input.cursor ?? null);
}

export async function latestNotes(ctx: WorkspaceContext, leadId: number, limit: number, cursor: number | null = null) {
  const rows = await ctx.db.leadNote.findMany({
    where: { leadId, ...(cursor ? { id: { lt: cursor } } : {}) },
    orderBy: { id: "desc" },
    take: limit + 1,
    select: noteFields,
  });
  const items = rows.slice(0, limit).map(presentNote);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

/** Stamps the acting account as author; used by people and by the merge of a duplicate lead. */
export async function writeLeadNote(ctx: WorkspaceContext, leadId: number, body: string) {
  const note = await ctx.db.leadNote.create({ data: noteData(ctx, leadId, body), select: noteFields });
  return presentNote(note);
}

/** The same note, when nothing is read back: one INSERT (the author's name would cost a transaction and a SELECT). */
export async function appendLeadNote(ctx: WorkspaceContext, leadId: number, body: string): Promise<void> {
  await ctx.db.leadNote.create({ data: noteData(ctx, leadId, body), select: { id: true } });
}

function noteData(ctx: WorkspaceContext, leadId: number, body: string) {
  return {
    subAccountId: ctx.workspace.id,
    leadId,
    body,
    authorUserId: ctx.account?.kind === "user" ? ctx.account.id : null,
    authorAdminId: ctx.account?.kind === "admin" ? ctx.account.id : null,
  };
}

export async function addLeadNote(ctx: WorkspaceContext, input: z.infer<typeof addLeadNoteSchema>) {
  await assertLeadExists(ctx, input.leadId);
  return writeLeadNote(ctx, input.leadId, input.body);
}
