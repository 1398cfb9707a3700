import {
  addContactNoteSchema,
  assignContactSchema,
  contactIdSchema,
  listContactsSchema,
  updateContactPrioritySchema,
  updateContactStatusSchema,
} from "@/schemas/contacts";
import { createTRPCRouter, workspaceProcedure } from "@/server/api/trpc";
import {
  addContactNote,
  assignContact,
  contactStats,
  getContact,
  listContacts,
  updateContactPriority,
  updateContactStatus,
} from "@/server/services/contacts/manage-contacts";
import { convertContactToLead } from "@/server/services/contacts/convert-contact";

export const contactsRouter = createTRPCRouter({
  list: workspaceProcedure.input(listContactsSchema).query(({ ctx, input }) => listContacts(ctx, input)),
  get: workspaceProcedure.input(contactIdSchema).query(({ ctx, input }) => getContact(ctx, input)),
  stats: workspaceProcedure.query(({ ctx }) => contactStats(ctx)),
  updateStatus: workspaceProcedure.input(updateContactStatusSchema).mutation(({ ctx, input }) => updateContactStatus(ctx, input)),
  updatePriority: workspaceProcedure.input(updateContactPrioritySchema).mutation(({ ctx, input }) => updateContactPriority(ctx, input)),
  assign: workspaceProcedure.input(assignContactSchema).mutation(({ ctx, input }) => assignContact(ctx, input)),
  addNote: workspaceProcedure.input(addContactNoteSchema).mutation(({ ctx, input }) => addContactNote(ctx, input)),
  convertToLead: workspaceProcedure.input(contactIdSchema).mutation(({ ctx, input }) => convertContactToLead(ctx, input)),
});
