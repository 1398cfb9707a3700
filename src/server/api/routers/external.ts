import { apiKeyProcedure, createTRPCRouter } from "@/server/api/trpc";

/** Procedures for external callers holding a workspace API key (X-API-Key). */
export const externalRouter = createTRPCRouter({
  /** Lets an integrator check a key: which workspace it belongs to and what it may do. */
  whoami: apiKeyProcedure.query(({ ctx }) => ({
    workspace: ctx.workspace,
    scopes: ctx.apiKey.scopes,
  })),
});
