import type { Prisma } from "@/generated/prisma/client";

/**
 * Every model owned by a workspace (it has a `subAccountId` column). The tenant client scopes exactly these.
 * tests/db/workspace-models.test.ts compares this list with the schema, so a new model cannot be forgotten.
 */
export const WORKSPACE_MODELS: ReadonlySet<Prisma.ModelName> = new Set<Prisma.ModelName>([
  "User",
  "Invitation",
  "ApiKey",
  "AuditLog",
  "Strategy",
  "StrategyVersion",
  "StrategyEvaluationCase",
  "Lead",
  "LeadNote",
  "Message",
  "OutboxMessage",
  "NotificationEmail",
  "ConversationSummary",
  "AvailabilitySchedule",
  "AvailabilityOverride",
  "Booking",
  "ContactSubmission",
  "ContactNote",
  "FormTemplate",
  "FormSession",
  "FormSubmission",
  "Integration",
  "SecurityIncident",
  "TokenUsage",
  "WebhookEvent",
  "JobRun",
  "DataExport",
  "LeadImport",
  "LeadImportIssue",
  "TwilioAccount",
  "SmsNumber",
  "MessageTemplate",
  "Campaign",
  "CampaignRecipient",
]);
