import { z } from "zod";
import { createIntegrationTemplateSchema, updateIntegrationTemplateSchema } from "@/schemas/integrations";
import { createIntegrationTemplate, deleteIntegrationTemplate, listIntegrationTemplates, updateIntegrationTemplate } from "@/server/services/integrations/manage-templates";
import { idSchema } from "@/schemas/common";
import { platformAuditListSchema } from "@/schemas/audit";
import { adminUpdateWorkspaceSchema, createWorkspaceSchema, deleteWorkspaceSchema, listWorkspacesSchema } from "@/schemas/workspaces";
import {
  createAdminSchema,
  issueAuthCodeSchema,
  platformListUsersSchema,
  platformUpdateUserSchema,
  setAdminActiveSchema,
  signInAttemptsSchema,
  unlockSchema,
} from "@/schemas/users";
import { createTRPCRouter, platformAdminProcedure } from "@/server/api/trpc";
import { aiModelSettingsSchema, clearPlatformAiModelSchema, savePlatformAiModelSchema } from "@/schemas/ai-model";
import { clearPlatformAiModel, getPlatformAiModel, savePlatformAiModel, testPlatformAiModel } from "@/server/services/platform/ai-model";
import { actInWorkspace } from "@/server/services/platform/act-in-workspace";
import { getPlatformOverview } from "@/server/services/platform/get-platform-overview";
import { createWorkspaceAsAdmin, deleteWorkspace, listWorkspaces, updateWorkspaceAsAdmin } from "@/server/services/platform/manage-workspaces";
import { createAdmin, listAdmins, listAllUsers, setAdminActive, updateAnyUser } from "@/server/services/platform/manage-accounts";
import { issueAuthCode, listAuthCodes, revokeAuthCode, signInAttempts, unlock } from "@/server/services/platform/manage-security";
import { listPlatformAudit } from "@/server/services/audit/list-audit";
import { failedJobsSchema, retryQueueJobSchema } from "@/schemas/jobs";
import { listFailedJobs, queuesOverview, retryQueueJob } from "@/server/services/jobs/queue-monitor";
import { deleteModelPriceSchema, saveModelPriceSchema, setWorkspaceLimitsSchema, workspaceLimitsSchema } from "@/schemas/usage";
import { deleteModelPrice, getWorkspaceLimits, listModelPrices, saveModelPrice, setWorkspaceLimits } from "@/server/services/platform/manage-usage";

const superAdminProcedure = platformAdminProcedure.meta({ platformRole: "super_admin" });

export const platformRouter = createTRPCRouter({
  overview: platformAdminProcedure.query(() => getPlatformOverview()),

  actInWorkspace: platformAdminProcedure
    .input(z.object({ subAccountId: idSchema.nullable() }))
    .mutation(({ ctx, input }) => actInWorkspace(ctx, input)),

  workspaces: createTRPCRouter({
    list: platformAdminProcedure.input(listWorkspacesSchema).query(({ input }) => listWorkspaces(input)),
    create: platformAdminProcedure.input(createWorkspaceSchema).mutation(({ ctx, input }) => createWorkspaceAsAdmin(ctx, input)),
    update: platformAdminProcedure.input(adminUpdateWorkspaceSchema).mutation(({ ctx, input }) => updateWorkspaceAsAdmin(ctx, input)),
    delete: platformAdminProcedure.input(deleteWorkspaceSchema).mutation(({ ctx, input }) => deleteWorkspace(ctx, input)),
  }),

  integrationTemplates: createTRPCRouter({
    list: platformAdminProcedure.query(() => listIntegrationTemplates()),
    create: platformAdminProcedure.input(createIntegrationTemplateSchema).mutation(({ ctx, input }) => createIntegrationTemplate(ctx, input)),
    update: platformAdminProcedure.input(updateIntegrationTemplateSchema).mutation(({ ctx, input }) => updateIntegrationTemplate(ctx, input)),
    delete: platformAdminProcedure.input(z.object({ id: idSchema })).mutation(({ ctx, input }) => deleteIntegrationTemplate(ctx, input)),
  }),

  users: createTRPCRouter({
    list: platformAdminProcedure.input(platformListUsersSchema).query(({ input }) => listAllUsers(input)),
    update: platformAdminProcedure.input(platformUpdateUserSchema).mutation(({ ctx, input }) => updateAnyUser(ctx, input)),
  }),

  admins: createTRPCRouter({
    list: superAdminProcedure.query(() => listAdmins()),
    create: superAdminProcedure.input(createAdminSchema).mutation(({ ctx, input }) => createAdmin(ctx, input)),
    setActive: superAdminProcedure.input(setAdminActiveSchema).mutation(({ ctx, input }) => setAdminActive(ctx, input)),
  }),

  authCodes: createTRPCRouter({
    list: superAdminProcedure.query(() => listAuthCodes()),
    issue: superAdminProcedure.input(issueAuthCodeSchema).mutation(({ ctx, input }) => issueAuthCode(ctx, input)),
    revoke: superAdminProcedure.input(z.object({ id: idSchema })).mutation(({ ctx, input }) => revokeAuthCode(ctx, input)),
  }),

  // The platform's default model (every workspace without its own uses it).
  ai: createTRPCRouter({
    get: platformAdminProcedure.query(() => getPlatformAiModel()),
    save: platformAdminProcedure.input(savePlatformAiModelSchema).mutation(({ ctx, input }) => savePlatformAiModel(ctx, input)),
    clear: platformAdminProcedure.input(clearPlatformAiModelSchema).mutation(({ ctx, input }) => clearPlatformAiModel(ctx, input)),
    test: platformAdminProcedure.input(aiModelSettingsSchema).mutation(({ input }) => testPlatformAiModel(input)),
  }),

  security: createTRPCRouter({
    signInAttempts: superAdminProcedure.input(signInAttemptsSchema).query(({ input }) => signInAttempts(input)),
    unlock: superAdminProcedure.input(unlockSchema).mutation(({ ctx, input }) => unlock(ctx, input)),
  }),

  queues: createTRPCRouter({
    overview: platformAdminProcedure.query(() => queuesOverview()),
    failed: platformAdminProcedure.input(failedJobsSchema).query(({ input }) => listFailedJobs(input)),
    retry: platformAdminProcedure.input(retryQueueJobSchema).mutation(({ ctx, input }) => retryQueueJob(ctx, input)),
  }),

  usage: createTRPCRouter({
    limits: platformAdminProcedure.input(workspaceLimitsSchema).query(({ input }) => getWorkspaceLimits(input)),
    setLimits: platformAdminProcedure.input(setWorkspaceLimitsSchema).mutation(({ ctx, input }) => setWorkspaceLimits(ctx, input)),
    prices: platformAdminProcedure.query(() => listModelPrices()),
    savePrice: platformAdminProcedure.input(saveModelPriceSchema).mutation(({ ctx, input }) => saveModelPrice(ctx, input)),
    deletePrice: platformAdminProcedure.input(deleteModelPriceSchema).mutation(({ ctx, input }) => deleteModelPrice(ctx, input)),
  }),

  audit: createTRPCRouter({
    list: platformAdminProcedure.input(platformAuditListSchema).query(({ input }) => listPlatformAudit(input)),
  }),
});
