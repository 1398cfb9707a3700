import { checkSenderSchema, leadEmailSuppressionSchema, setPostmarkTokenSchema, updateEmailSettingsSchema } from "@/schemas/email";
import { createTRPCRouter, workspaceProcedure } from "@/server/api/trpc";
import {
  clearPostmarkToken,
  getEmailSettings,
  getLeadEmailSuppression,
  liftLeadEmailSuppression,
  setPostmarkToken,
  updateEmailSettings,
} from "@/server/services/email/manage-email";
import { checkEmailSender } from "@/server/services/email/check-sender";

export const emailRouter = createTRPCRouter({
  settings: workspaceProcedure.meta({ role: "admin" }).query(({ ctx }) => getEmailSettings(ctx)),
  updateSettings: workspaceProcedure.meta({ role: "admin" }).input(updateEmailSettingsSchema).mutation(({ ctx, input }) => updateEmailSettings(ctx, input)),
  setServerToken: workspaceProcedure.meta({ role: "admin" }).input(setPostmarkTokenSchema).mutation(({ ctx, input }) => setPostmarkToken(ctx, input)),
  checkSender: workspaceProcedure.meta({ role: "admin" }).input(checkSenderSchema).mutation(({ ctx, input }) => checkEmailSender(ctx, input)),
  clearServerToken: workspaceProcedure.meta({ role: "admin" }).mutation(({ ctx }) => clearPostmarkToken(ctx)),
  leadSuppression: workspaceProcedure.input(leadEmailSuppressionSchema).query(({ ctx, input }) => getLeadEmailSuppression(ctx, input)),
  liftSuppression: workspaceProcedure.input(leadEmailSuppressionSchema).mutation(({ ctx, input }) => liftLeadEmailSuppression(ctx, input)),
});
