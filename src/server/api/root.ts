import { createCallerFactory, createTRPCRouter } from "@/server/api/trpc";
import { authRouter } from "@/server/api/routers/auth";
import { campaignsRouter } from "@/server/api/routers/campaigns";
import { leadSelectionsRouter } from "@/server/api/routers/lead-selections";
import { messageTemplatesRouter } from "@/server/api/routers/message-templates";
import { externalRouter } from "@/server/api/routers/external";
import { workspaceRouter } from "@/server/api/routers/workspace";
import { platformRouter } from "@/server/api/routers/platform";
import { onboardingRouter } from "@/server/api/routers/onboarding";
import { invitationsRouter } from "@/server/api/routers/invitations";
import { usersRouter } from "@/server/api/routers/users";
import { apiKeysRouter } from "@/server/api/routers/api-keys";
import { auditRouter } from "@/server/api/routers/audit";
import { strategiesRouter } from "@/server/api/routers/strategies";
import { formsRouter } from "@/server/api/routers/forms";
import { chatRouter } from "@/server/api/routers/chat";
import { promptTemplatesRouter, workspaceTemplateRouter } from "@/server/api/routers/prompt-templates";
import { contactsRouter } from "@/server/api/routers/contacts";
import { dashboardRouter } from "@/server/api/routers/dashboard";
import { availabilityRouter } from "@/server/api/routers/availability";
import { bookingsRouter } from "@/server/api/routers/bookings";
import { leadsRouter } from "@/server/api/routers/leads";
import { jobsRouter } from "@/server/api/routers/jobs";
import { exportsRouter } from "@/server/api/routers/exports";
import { messagesRouter } from "@/server/api/routers/messages";
import { importsRouter } from "@/server/api/routers/imports";
import { evaluationsRouter } from "@/server/api/routers/evaluations";
import { smsRouter } from "@/server/api/routers/sms";
import { usageRouter } from "@/server/api/routers/usage";
import { safetyRouter } from "@/server/api/routers/safety";
import { aiModelRouter } from "@/server/api/routers/ai-model";
import { emailRouter } from "@/server/api/routers/email";
import { widgetRouter } from "@/server/api/routers/widget";
import { integrationsRouter } from "@/server/api/routers/integrations";
import { webhooksRouter } from "@/server/api/routers/webhooks";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  workspace: workspaceRouter,
  onboarding: onboardingRouter,
  invitations: invitationsRouter,
  users: usersRouter,
  apiKeys: apiKeysRouter,
  audit: auditRouter,
  strategies: strategiesRouter,
  forms: formsRouter,
  chat: chatRouter,
  promptTemplates: promptTemplatesRouter,
  workspaceTemplate: workspaceTemplateRouter,
  contacts: contactsRouter,
  dashboard: dashboardRouter,
  availability: availabilityRouter,
  bookings: bookingsRouter,
  leads: leadsRouter,
  jobs: jobsRouter,
  exports: exportsRouter,
  messages: messagesRouter,
  sms: smsRouter,
  aiModel: aiModelRouter,
  email: emailRouter,
  widget: widgetRouter,
  integrations: integrationsRouter,
  webhooks: webhooksRouter,
  messageTemplates: messageTemplatesRouter,
  campaigns: campaignsRouter,
  leadSelections: leadSelectionsRouter,
  imports: importsRouter,
  evaluations: evaluationsRouter,
  usage: usageRouter,
  safety: safetyRouter,
  platform: platformRouter,
  external: externalRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
