import { joinWorkspaceSchema, validateInvitationSchema } from "@/schemas/invitations";
import { createWorkspaceSchema } from "@/schemas/workspaces";
import { authedProcedure, createTRPCRouter, publicProcedure, rateLimited } from "@/server/api/trpc";
import { joinWorkspace, validateInvitation } from "@/server/services/onboarding/join-workspace";
import { createOwnWorkspace } from "@/server/services/onboarding/create-own-workspace";

const onboardingProcedure = authedProcedure.meta({ allowOnboarding: true });

export const onboardingRouter = createTRPCRouter({
  validateInvitation: publicProcedure
    .use(rateLimited("invitation", "ip"))
    .input(validateInvitationSchema)
    .query(({ ctx, input }) => validateInvitation(ctx, input)),
  createWorkspace: onboardingProcedure.input(createWorkspaceSchema).mutation(({ ctx, input }) => createOwnWorkspace(ctx, input)),
  joinWorkspace: onboardingProcedure
    .use(rateLimited("invitation", "ip"))
    .input(joinWorkspaceSchema)
    .mutation(({ ctx, input }) => joinWorkspace(ctx, input)),
});
