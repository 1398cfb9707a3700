import {
  addLeadNoteSchema,
  assignLeadSchema,
  createLeadSchema,
  leadIdSchema,
  listLeadNotesSchema,
  listLeadsSchema,
  updateConversationStateSchema,
  updateLeadSchema,
} from "@/schemas/leads";
import { createTRPCRouter, managerProcedure, workspaceProcedure } from "@/server/api/trpc";
import { listLeads } from "@/server/services/leads/list-leads";
import { addLeadNote, listLeadNotes } from "@/server/services/leads/lead-notes";
import { assignLead, setLeadArchived, updateConversationState, updateLead } from "@/server/services/leads/update-lead";
import { createLead } from "@/server/services/leads/create-lead";
import { deleteLead } from "@/server/services/leads/delete-lead";
import { getLead } from "@/server/services/leads/get-lead";


export const leadsRouter = createTRPCRouter({
  list: workspaceProcedure.input(listLeadsSchema).query(({ ctx, input }) => listLeads(ctx, input)),
  get: workspaceProcedure.input(leadIdSchema).query(({ ctx, input }) => getLead(ctx, input)),
  create: workspaceProcedure.input(createLeadSchema).mutation(({ ctx, input }) => createLead(ctx, input)),
  update: workspaceProcedure.input(updateLeadSchema).mutation(({ ctx, input }) => updateLead(ctx, input)),
  archive: workspaceProcedure.input(leadIdSchema).mutation(({ ctx, input }) => setLeadArchived(ctx, input, true)),
  unarchive: workspaceProcedure.input(leadIdSchema).mutation(({ ctx, input }) => setLeadArchived(ctx, input, false)),
  delete: managerProcedure.input(leadIdSchema).mutation(({ ctx, input }) => deleteLead(ctx, input)),
  assign: workspaceProcedure.input(assignLeadSchema).mutation(({ ctx, input }) => assignLead(ctx, input)),
  updateConversationState: workspaceProcedure
    .input(updateConversationStateSchema)
    .mutation(({ ctx, input }) => updateConversationState(ctx, input)),
  notes: createTRPCRouter({
    list: workspaceProcedure.input(listLeadNotesSchema).query(({ ctx, input }) => listLeadNotes(ctx, input)),
    add: workspaceProcedure.input(addLeadNoteSchema).mutation(({ ctx, input }) => addLeadNote(ctx, input)),
  }),
});
