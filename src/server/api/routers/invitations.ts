import { createInvitationSchema, invitationIdSchema } from "@/schemas/invitations";
import { adminProcedure, createTRPCRouter } from "@/server/api/trpc";
import { createInvitation, deactivateInvitation, listInvitations } from "@/server/services/invitations/manage-invitations";


export const invitationsRouter = createTRPCRouter({
  list: adminProcedure.query(({ ctx }) => listInvitations(ctx)),
  create: adminProcedure.input(createInvitationSchema).mutation(({ ctx, input }) => createInvitation(ctx, input)),
  deactivate: adminProcedure.input(invitationIdSchema).mutation(({ ctx, input }) => deactivateInvitation(ctx, input)),
});
