import {
  adminRegisterSchema,
  changePasswordSchema,
  emailOnlySchema,
  profileSchema,
  registerSchema,
  resetPasswordSchema,
  verifyEmailSchema,
} from "@/schemas/auth";
import { authedProcedure, createTRPCRouter, publicProcedure, rateLimited } from "@/server/api/trpc";
import { registerUser } from "@/server/services/auth/register-user";
import { registerAdmin } from "@/server/services/auth/register-admin";
import { changePassword } from "@/server/services/auth/change-password";
import { updateProfile } from "@/server/services/auth/update-profile";
import { verifyEmail } from "@/server/services/auth/verify-email";
import { requestPasswordReset, resendVerification } from "@/server/services/auth/email-links";
import { resetPassword } from "@/server/services/auth/reset-password";

export const authRouter = createTRPCRouter({
  register: publicProcedure
    .use(rateLimited("register", "ip"))
    .input(registerSchema)
    .mutation(({ ctx, input }) => registerUser(ctx, input)),

  verifyEmail: publicProcedure
    .use(rateLimited("emailLink", "ip"))
    .input(verifyEmailSchema)
    .mutation(({ ctx, input }) => verifyEmail(ctx, input)),

  resendVerification: publicProcedure
    .use(rateLimited("emailLink", "ip"))
    .input(emailOnlySchema)
    .mutation(({ ctx, input }) => resendVerification(ctx, input)),

  requestPasswordReset: publicProcedure
    .use(rateLimited("emailLink", "ip"))
    .input(emailOnlySchema)
    .mutation(({ ctx, input }) => requestPasswordReset(ctx, input)),

  resetPassword: publicProcedure
    .use(rateLimited("emailLink", "ip"))
    .input(resetPasswordSchema)
    .mutation(({ ctx, input }) => resetPassword(ctx, input)),

  registerAdmin: publicProcedure
    .use(rateLimited("register", "ip"))
    .input(adminRegisterSchema)
    .mutation(({ ctx, input }) => registerAdmin(ctx, input)),

  me: authedProcedure
    .meta({ allowOnboarding: true, allowPasswordChangeRequired: true })
    .query(({ ctx }) => ctx.account),

  changePassword: authedProcedure
    .meta({ allowOnboarding: true, allowPasswordChangeRequired: true })
    .use(rateLimited("changePassword", "account"))
    .input(changePasswordSchema)
    .mutation(({ ctx, input }) => changePassword(ctx, input)),

  updateProfile: authedProcedure
    .meta({ allowOnboarding: true })
    .input(profileSchema)
    .mutation(({ ctx, input }) => updateProfile(ctx, input)),
});
