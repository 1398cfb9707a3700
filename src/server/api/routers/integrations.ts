import { connectIntegrationSchema, integrationIdSchema, setIntegrationEnabledSchema } from "@/schemas/integrations";
import { createTRPCRouter, workspaceProcedure } from "@/server/api/trpc";
import { connectIntegration, disconnectIntegration, listIntegrations, setIntegrationEnabled, startIntegrationImport, testIntegration } from "@/server/services/integrations/manage-integrations";

export const integrationsRouter = createTRPCRouter({
  list: workspaceProcedure.meta({ role: "admin" }).query(({ ctx }) => listIntegrations(ctx)),
  connect: workspaceProcedure.meta({ role: "admin" }).input(connectIntegrationSchema).mutation(({ ctx, input }) => connectIntegration(ctx, input)),
  setEnabled: workspaceProcedure.meta({ role: "admin" }).input(setIntegrationEnabledSchema).mutation(({ ctx, input }) => setIntegrationEnabled(ctx, input)),
  disconnect: workspaceProcedure.meta({ role: "admin" }).input(integrationIdSchema).mutation(({ ctx, input }) => disconnectIntegration(ctx, input)),
  startImport: workspaceProcedure.meta({ role: "admin" }).input(integrationIdSchema).mutation(({ ctx, input }) => startIntegrationImport(ctx, input)),
  test: workspaceProcedure.meta({ role: "admin" }).input(integrationIdSchema).mutation(({ ctx, input }) => testIntegration(ctx, input)),
});
