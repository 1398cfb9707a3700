import { apiKeyIdSchema, createApiKeySchema } from "@/schemas/api-keys";
import { adminProcedure, createTRPCRouter } from "@/server/api/trpc";
import { createApiKey, listApiKeys, revokeApiKey } from "@/server/services/api-keys/manage-api-keys";


export const apiKeysRouter = createTRPCRouter({
  list: adminProcedure.query(({ ctx }) => listApiKeys(ctx)),
  create: adminProcedure.input(createApiKeySchema).mutation(({ ctx, input }) => createApiKey(ctx, input)),
  revoke: adminProcedure.input(apiKeyIdSchema).mutation(({ ctx, input }) => revokeApiKey(ctx, input)),
});
