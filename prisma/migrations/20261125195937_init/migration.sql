-- CreateEnum
CREATE TYPE "UserRole" AS ENUM ('user', 'manager', 'admin');

-- CreateEnum
CREATE TYPE "AdminRole" AS ENUM ('admin', 'super_admin');

-- CreateEnum
CREATE TYPE "AccountKind" AS ENUM ('user', 'admin');

-- CreateEnum
CREATE TYPE "LockoutSubject" AS ENUM ('account', 'ip');

-- CreateEnum
CREATE TYPE "LeadStatus" AS ENUM ('new', 'contacted', 'engaged', 'qualified', 'booked', 'won', 'lost', 'disqualified');

-- CreateEnum
CREATE TYPE "MessageRole" AS ENUM ('lead', 'assistant', 'human', 'system', 'tool');

-- CreateEnum
CREATE TYPE "Channel" AS ENUM ('sms', 'email', 'voice', 'web', 'test');

-- CreateEnum
CREATE TYPE "MessageStatus" AS ENUM ('received', 'pending', 'queued', 'sent', 'delivered', 'failed', 'needs_human');

-- CreateEnum
CREATE TYPE "BookingStatus" AS ENUM ('pending', 'confirmed', 'cancelled', 'completed', 'no_show');

-- CreateEnum
CREATE TYPE "ContactStatus" AS ENUM ('NEW', 'CONTACTED', 'QUALIFIED', 'PROPOSAL_SENT', 'CLOSED_WON', 'CLOSED_LOST', 'UNRESPONSIVE');

-- CreateEnum
CREATE TYPE "ContactPriority" AS ENUM ('LOW', 'MEDIUM', 'HIGH', 'URGENT');

-- CreateEnum
CREATE TYPE "FormKind" AS ENUM ('simple', 'card');

-- CreateEnum
CREATE TYPE "FormSessionStatus" AS ENUM ('in_progress', 'completed', 'abandoned');

-- CreateEnum
CREATE TYPE "IntegrationStatus" AS ENUM ('pending', 'active', 'error', 'disconnected');

-- CreateEnum
CREATE TYPE "IncidentSeverity" AS ENUM ('low', 'medium', 'high', 'critical');

-- CreateEnum
CREATE TYPE "WebhookEventStatus" AS ENUM ('received', 'processed', 'failed', 'ignored');

-- CreateTable
CREATE TABLE "SubAccount" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "description" TEXT,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "publicKey" TEXT NOT NULL,
    "activePromptTemplateId" INTEGER,
    "monthlyTokenBudget" INTEGER,
    "createdByAdminId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SubAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "UserRole" NOT NULL DEFAULT 'user',
    "company" TEXT,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
    "lastLoginAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlatformAdmin" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "AdminRole" NOT NULL DEFAULT 'admin',
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "lastLoginAt" TIMESTAMP(3),
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PlatformAdmin_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AdminAuthCode" (
    "id" SERIAL NOT NULL,
    "codeHash" TEXT NOT NULL,
    "label" TEXT,
    "createdById" INTEGER,
    "expiresAt" TIMESTAMP(3),
    "usedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AdminAuthCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PasswordHistory" (
    "id" SERIAL NOT NULL,
    "accountKind" "AccountKind" NOT NULL,
    "userId" INTEGER,
    "adminId" INTEGER,
    "passwordHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PasswordHistory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuthSession" (
    "id" TEXT NOT NULL,
    "accountKind" "AccountKind" NOT NULL,
    "userId" INTEGER,
    "adminId" INTEGER,
    "actingSubAccountId" INTEGER,
    "rememberMe" BOOLEAN NOT NULL DEFAULT false,
    "ip" TEXT,
    "userAgent" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "revokedReason" TEXT,

    CONSTRAINT "AuthSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RefreshToken" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "rotatedAt" TIMESTAMP(3),

    CONSTRAINT "RefreshToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginAttempt" (
    "id" BIGSERIAL NOT NULL,
    "accountKind" "AccountKind" NOT NULL,
    "email" TEXT NOT NULL,
    "ip" TEXT,
    "userAgent" TEXT,
    "success" BOOLEAN NOT NULL,
    "reason" TEXT,
    "userId" INTEGER,
    "adminId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoginAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccountLockout" (
    "id" SERIAL NOT NULL,
    "subjectType" "LockoutSubject" NOT NULL,
    "subject" TEXT NOT NULL,
    "failureCount" INTEGER NOT NULL DEFAULT 0,
    "lastFailureAt" TIMESTAMP(3),
    "lockedUntil" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AccountLockout_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "passwordHash" TEXT,
    "maxUses" INTEGER,
    "uses" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" TIMESTAMP(3),
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "createdByUserId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "scopes" TEXT[],
    "lastUsedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdByUserId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "subAccountId" INTEGER,
    "actorKind" "AccountKind",
    "actorUserId" INTEGER,
    "actorAdminId" INTEGER,
    "actingAs" BOOLEAN NOT NULL DEFAULT false,
    "action" TEXT NOT NULL,
    "targetType" TEXT,
    "targetId" TEXT,
    "ip" TEXT,
    "requestId" TEXT,
    "changes" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PromptTemplate" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "baseSystemPrompt" TEXT NOT NULL,
    "temperature" DOUBLE PRECISION NOT NULL DEFAULT 0.7,
    "maxTokens" INTEGER,
    "category" TEXT,
    "tags" TEXT[],
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "createdByAdminId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PromptTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Strategy" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "tag" TEXT,
    "industryContext" TEXT,
    "aiName" TEXT,
    "aiRole" TEXT,
    "companyBackground" TEXT,
    "conversationTone" TEXT,
    "communicationStyle" TEXT,
    "qualificationQuestions" TEXT,
    "disqualificationRules" TEXT,
    "objectionHandling" TEXT,
    "closingStrategy" TEXT,
    "bookingInstructions" TEXT,
    "outputGuidelines" TEXT,
    "prohibitedBehaviors" TEXT,
    "delayMin" INTEGER NOT NULL DEFAULT 0,
    "delayMax" INTEGER NOT NULL DEFAULT 0,
    "promptTemplateId" INTEGER,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "currentVersion" INTEGER NOT NULL DEFAULT 1,
    "requireEvaluationPass" BOOLEAN NOT NULL DEFAULT false,
    "createdByUserId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Strategy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StrategyVersion" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "strategyId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "snapshot" JSONB NOT NULL,
    "createdByUserId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StrategyVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StrategyEvaluationCase" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "strategyId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "script" JSONB NOT NULL,
    "expectations" JSONB NOT NULL,
    "lastRunAt" TIMESTAMP(3),
    "lastResult" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StrategyEvaluationCase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Lead" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "ownerId" INTEGER,
    "strategyId" INTEGER,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "company" TEXT,
    "position" TEXT,
    "customId" TEXT,
    "source" TEXT,
    "status" "LeadStatus" NOT NULL DEFAULT 'new',
    "timezone" TEXT,
    "conversationState" JSONB NOT NULL DEFAULT '{}',
    "customFields" JSONB NOT NULL DEFAULT '{}',
    "aiPaused" BOOLEAN NOT NULL DEFAULT false,
    "aiPausedReason" TEXT,
    "lastMessageAt" TIMESTAMP(3),
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Lead_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LeadNote" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "leadId" INTEGER NOT NULL,
    "authorUserId" INTEGER,
    "authorAdminId" INTEGER,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LeadNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" BIGSERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "leadId" INTEGER NOT NULL,
    "role" "MessageRole" NOT NULL,
    "channel" "Channel" NOT NULL,
    "content" TEXT NOT NULL,
    "status" "MessageStatus" NOT NULL DEFAULT 'received',
    "toolCalls" JSONB,
    "promptTokens" INTEGER,
    "completionTokens" INTEGER,
    "strategyVersionId" INTEGER,
    "externalId" TEXT,
    "idempotencyKey" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConversationSummary" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "leadId" INTEGER NOT NULL,
    "summary" TEXT NOT NULL,
    "upToMessageId" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConversationSummary_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AvailabilitySchedule" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "timezone" TEXT NOT NULL,
    "weeklyHours" JSONB NOT NULL,
    "slotMinutes" INTEGER NOT NULL DEFAULT 30,
    "bufferBeforeMin" INTEGER NOT NULL DEFAULT 0,
    "bufferAfterMin" INTEGER NOT NULL DEFAULT 0,
    "minNoticeMinutes" INTEGER NOT NULL DEFAULT 60,
    "maxPerDay" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AvailabilitySchedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AvailabilityOverride" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "isDayOff" BOOLEAN NOT NULL DEFAULT false,
    "intervals" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AvailabilityOverride_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Booking" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "leadId" INTEGER,
    "title" TEXT,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "timezone" TEXT NOT NULL,
    "status" "BookingStatus" NOT NULL DEFAULT 'pending',
    "location" TEXT,
    "notes" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Booking_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContactSubmission" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "company" TEXT,
    "message" TEXT,
    "source" TEXT,
    "status" "ContactStatus" NOT NULL DEFAULT 'NEW',
    "priority" "ContactPriority" NOT NULL DEFAULT 'MEDIUM',
    "assignedToUserId" INTEGER,
    "convertedLeadId" INTEGER,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ContactSubmission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContactNote" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "contactId" INTEGER NOT NULL,
    "authorUserId" INTEGER,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContactNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FormTemplate" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "kind" "FormKind" NOT NULL DEFAULT 'simple',
    "description" TEXT,
    "schema" JSONB NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FormTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FormSession" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "formTemplateId" INTEGER NOT NULL,
    "leadId" INTEGER,
    "token" TEXT NOT NULL,
    "answers" JSONB NOT NULL DEFAULT '{}',
    "currentStep" INTEGER NOT NULL DEFAULT 0,
    "status" "FormSessionStatus" NOT NULL DEFAULT 'in_progress',
    "expiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FormSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FormSubmission" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "formTemplateId" INTEGER NOT NULL,
    "sessionId" INTEGER,
    "leadId" INTEGER,
    "data" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FormSubmission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IntegrationTemplate" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "category" TEXT,
    "configSchema" JSONB NOT NULL,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IntegrationTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Integration" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "templateId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "status" "IntegrationStatus" NOT NULL DEFAULT 'pending',
    "config" JSONB NOT NULL DEFAULT '{}',
    "encryptedCredentials" TEXT,
    "externalId" TEXT,
    "lastSyncAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Integration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SecurityIncident" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "leadId" INTEGER,
    "type" TEXT NOT NULL,
    "severity" "IncidentSeverity" NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SecurityIncident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TokenUsage" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "month" DATE NOT NULL,
    "promptTokens" INTEGER NOT NULL DEFAULT 0,
    "completionTokens" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TokenUsage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" BIGSERIAL NOT NULL,
    "provider" TEXT NOT NULL,
    "providerEventId" TEXT NOT NULL,
    "subAccountId" INTEGER,
    "payload" JSONB NOT NULL,
    "status" "WebhookEventStatus" NOT NULL DEFAULT 'received',
    "error" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "WebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SubAccount_slug_key" ON "SubAccount"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "SubAccount_publicKey_key" ON "SubAccount"("publicKey");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "User_subAccountId_role_idx" ON "User"("subAccountId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "User_subAccountId_id_key" ON "User"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "PlatformAdmin_email_key" ON "PlatformAdmin"("email");

-- CreateIndex
CREATE UNIQUE INDEX "AdminAuthCode_codeHash_key" ON "AdminAuthCode"("codeHash");

-- CreateIndex
CREATE INDEX "PasswordHistory_userId_createdAt_idx" ON "PasswordHistory"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "PasswordHistory_adminId_createdAt_idx" ON "PasswordHistory"("adminId", "createdAt");

-- CreateIndex
CREATE INDEX "AuthSession_userId_idx" ON "AuthSession"("userId");

-- CreateIndex
CREATE INDEX "AuthSession_adminId_idx" ON "AuthSession"("adminId");

-- CreateIndex
CREATE INDEX "AuthSession_expiresAt_idx" ON "AuthSession"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "RefreshToken_tokenHash_key" ON "RefreshToken"("tokenHash");

-- CreateIndex
CREATE INDEX "RefreshToken_sessionId_idx" ON "RefreshToken"("sessionId");

-- CreateIndex
CREATE INDEX "LoginAttempt_email_createdAt_idx" ON "LoginAttempt"("email", "createdAt");

-- CreateIndex
CREATE INDEX "LoginAttempt_ip_createdAt_idx" ON "LoginAttempt"("ip", "createdAt");

-- CreateIndex
CREATE INDEX "AccountLockout_lockedUntil_idx" ON "AccountLockout"("lockedUntil");

-- CreateIndex
CREATE UNIQUE INDEX "AccountLockout_subjectType_subject_key" ON "AccountLockout"("subjectType", "subject");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_code_key" ON "Invitation"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_subAccountId_id_key" ON "Invitation"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_prefix_key" ON "ApiKey"("prefix");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_subAccountId_id_key" ON "ApiKey"("subAccountId", "id");

-- CreateIndex
CREATE INDEX "AuditLog_subAccountId_createdAt_idx" ON "AuditLog"("subAccountId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_action_createdAt_idx" ON "AuditLog"("action", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_actorUserId_idx" ON "AuditLog"("actorUserId");

-- CreateIndex
CREATE INDEX "AuditLog_actorAdminId_idx" ON "AuditLog"("actorAdminId");

-- CreateIndex
CREATE INDEX "Strategy_subAccountId_isActive_idx" ON "Strategy"("subAccountId", "isActive");

-- CreateIndex
CREATE UNIQUE INDEX "Strategy_subAccountId_id_key" ON "Strategy"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "StrategyVersion_subAccountId_id_key" ON "StrategyVersion"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "StrategyVersion_strategyId_version_key" ON "StrategyVersion"("strategyId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "StrategyEvaluationCase_subAccountId_id_key" ON "StrategyEvaluationCase"("subAccountId", "id");

-- CreateIndex
CREATE INDEX "Lead_subAccountId_createdAt_id_idx" ON "Lead"("subAccountId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Lead_subAccountId_status_idx" ON "Lead"("subAccountId", "status");

-- CreateIndex
CREATE INDEX "Lead_subAccountId_ownerId_idx" ON "Lead"("subAccountId", "ownerId");

-- CreateIndex
CREATE INDEX "Lead_subAccountId_strategyId_idx" ON "Lead"("subAccountId", "strategyId");

-- CreateIndex
CREATE UNIQUE INDEX "Lead_subAccountId_id_key" ON "Lead"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Lead_subAccountId_email_key" ON "Lead"("subAccountId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Lead_subAccountId_phone_key" ON "Lead"("subAccountId", "phone");

-- CreateIndex
CREATE INDEX "LeadNote_subAccountId_leadId_createdAt_idx" ON "LeadNote"("subAccountId", "leadId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "LeadNote_subAccountId_id_key" ON "LeadNote"("subAccountId", "id");

-- CreateIndex
CREATE INDEX "Message_subAccountId_leadId_createdAt_idx" ON "Message"("subAccountId", "leadId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Message_subAccountId_id_key" ON "Message"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Message_subAccountId_idempotencyKey_key" ON "Message"("subAccountId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "ConversationSummary_subAccountId_leadId_createdAt_idx" ON "ConversationSummary"("subAccountId", "leadId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ConversationSummary_subAccountId_id_key" ON "ConversationSummary"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "AvailabilitySchedule_subAccountId_id_key" ON "AvailabilitySchedule"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "AvailabilitySchedule_subAccountId_userId_key" ON "AvailabilitySchedule"("subAccountId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "AvailabilityOverride_subAccountId_id_key" ON "AvailabilityOverride"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "AvailabilityOverride_userId_date_key" ON "AvailabilityOverride"("userId", "date");

-- CreateIndex
CREATE INDEX "Booking_subAccountId_startsAt_idx" ON "Booking"("subAccountId", "startsAt");

-- CreateIndex
CREATE INDEX "Booking_userId_startsAt_idx" ON "Booking"("userId", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "Booking_subAccountId_id_key" ON "Booking"("subAccountId", "id");

-- CreateIndex
CREATE INDEX "ContactSubmission_subAccountId_status_idx" ON "ContactSubmission"("subAccountId", "status");

-- CreateIndex
CREATE INDEX "ContactSubmission_subAccountId_createdAt_idx" ON "ContactSubmission"("subAccountId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ContactSubmission_subAccountId_id_key" ON "ContactSubmission"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "ContactNote_subAccountId_id_key" ON "ContactNote"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "FormTemplate_subAccountId_id_key" ON "FormTemplate"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "FormTemplate_subAccountId_slug_key" ON "FormTemplate"("subAccountId", "slug");

-- CreateIndex
CREATE UNIQUE INDEX "FormSession_token_key" ON "FormSession"("token");

-- CreateIndex
CREATE INDEX "FormSession_subAccountId_formTemplateId_idx" ON "FormSession"("subAccountId", "formTemplateId");

-- CreateIndex
CREATE UNIQUE INDEX "FormSession_subAccountId_id_key" ON "FormSession"("subAccountId", "id");

-- CreateIndex
CREATE INDEX "FormSubmission_subAccountId_formTemplateId_createdAt_idx" ON "FormSubmission"("subAccountId", "formTemplateId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "FormSubmission_subAccountId_id_key" ON "FormSubmission"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "IntegrationTemplate_key_key" ON "IntegrationTemplate"("key");

-- CreateIndex
CREATE UNIQUE INDEX "Integration_subAccountId_id_key" ON "Integration"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Integration_templateId_externalId_key" ON "Integration"("templateId", "externalId");

-- CreateIndex
CREATE INDEX "SecurityIncident_subAccountId_leadId_createdAt_idx" ON "SecurityIncident"("subAccountId", "leadId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "SecurityIncident_subAccountId_id_key" ON "SecurityIncident"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "TokenUsage_subAccountId_id_key" ON "TokenUsage"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "TokenUsage_subAccountId_month_key" ON "TokenUsage"("subAccountId", "month");

-- CreateIndex
CREATE INDEX "WebhookEvent_subAccountId_receivedAt_idx" ON "WebhookEvent"("subAccountId", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEvent_provider_providerEventId_key" ON "WebhookEvent"("provider", "providerEventId");

-- AddForeignKey
ALTER TABLE "SubAccount" ADD CONSTRAINT "SubAccount_activePromptTemplateId_fkey" FOREIGN KEY ("activePromptTemplateId") REFERENCES "PromptTemplate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubAccount" ADD CONSTRAINT "SubAccount_createdByAdminId_fkey" FOREIGN KEY ("createdByAdminId") REFERENCES "PlatformAdmin"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlatformAdmin" ADD CONSTRAINT "PlatformAdmin_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "PlatformAdmin"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AdminAuthCode" ADD CONSTRAINT "AdminAuthCode_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "PlatformAdmin"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PasswordHistory" ADD CONSTRAINT "PasswordHistory_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PasswordHistory" ADD CONSTRAINT "PasswordHistory_adminId_fkey" FOREIGN KEY ("adminId") REFERENCES "PlatformAdmin"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuthSession" ADD CONSTRAINT "AuthSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuthSession" ADD CONSTRAINT "AuthSession_adminId_fkey" FOREIGN KEY ("adminId") REFERENCES "PlatformAdmin"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuthSession" ADD CONSTRAINT "AuthSession_actingSubAccountId_fkey" FOREIGN KEY ("actingSubAccountId") REFERENCES "SubAccount"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RefreshToken" ADD CONSTRAINT "RefreshToken_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "AuthSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LoginAttempt" ADD CONSTRAINT "LoginAttempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LoginAttempt" ADD CONSTRAINT "LoginAttempt_adminId_fkey" FOREIGN KEY ("adminId") REFERENCES "PlatformAdmin"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_subAccountId_createdByUserId_fkey" FOREIGN KEY ("subAccountId", "createdByUserId") REFERENCES "User"("subAccountId", "id") ON DELETE SET NULL ("createdByUserId") ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_subAccountId_createdByUserId_fkey" FOREIGN KEY ("subAccountId", "createdByUserId") REFERENCES "User"("subAccountId", "id") ON DELETE SET NULL ("createdByUserId") ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "PromptTemplate" ADD CONSTRAINT "PromptTemplate_createdByAdminId_fkey" FOREIGN KEY ("createdByAdminId") REFERENCES "PlatformAdmin"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Strategy" ADD CONSTRAINT "Strategy_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Strategy" ADD CONSTRAINT "Strategy_promptTemplateId_fkey" FOREIGN KEY ("promptTemplateId") REFERENCES "PromptTemplate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StrategyVersion" ADD CONSTRAINT "StrategyVersion_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StrategyVersion" ADD CONSTRAINT "StrategyVersion_subAccountId_strategyId_fkey" FOREIGN KEY ("subAccountId", "strategyId") REFERENCES "Strategy"("subAccountId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "StrategyEvaluationCase" ADD CONSTRAINT "StrategyEvaluationCase_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StrategyEvaluationCase" ADD CONSTRAINT "StrategyEvaluationCase_subAccountId_strategyId_fkey" FOREIGN KEY ("subAccountId", "strategyId") REFERENCES "Strategy"("subAccountId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Lead" ADD CONSTRAINT "Lead_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lead" ADD CONSTRAINT "Lead_subAccountId_ownerId_fkey" FOREIGN KEY ("subAccountId", "ownerId") REFERENCES "User"("subAccountId", "id") ON DELETE SET NULL ("ownerId") ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Lead" ADD CONSTRAINT "Lead_subAccountId_strategyId_fkey" FOREIGN KEY ("subAccountId", "strategyId") REFERENCES "Strategy"("subAccountId", "id") ON DELETE SET NULL ("strategyId") ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "LeadNote" ADD CONSTRAINT "LeadNote_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LeadNote" ADD CONSTRAINT "LeadNote_subAccountId_leadId_fkey" FOREIGN KEY ("subAccountId", "leadId") REFERENCES "Lead"("subAccountId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "LeadNote" ADD CONSTRAINT "LeadNote_subAccountId_authorUserId_fkey" FOREIGN KEY ("subAccountId", "authorUserId") REFERENCES "User"("subAccountId", "id") ON DELETE SET NULL ("authorUserId") ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_subAccountId_leadId_fkey" FOREIGN KEY ("subAccountId", "leadId") REFERENCES "Lead"("subAccountId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_subAccountId_strategyVersionId_fkey" FOREIGN KEY ("subAccountId", "strategyVersionId") REFERENCES "StrategyVersion"("subAccountId", "id") ON DELETE SET NULL ("strategyVersionId") ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "ConversationSummary" ADD CONSTRAINT "ConversationSummary_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationSummary" ADD CONSTRAINT "ConversationSummary_subAccountId_leadId_fkey" FOREIGN KEY ("subAccountId", "leadId") REFERENCES "Lead"("subAccountId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "AvailabilitySchedule" ADD CONSTRAINT "AvailabilitySchedule_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AvailabilitySchedule" ADD CONSTRAINT "AvailabilitySchedule_subAccountId_userId_fkey" FOREIGN KEY ("subAccountId", "userId") REFERENCES "User"("subAccountId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "AvailabilityOverride" ADD CONSTRAINT "AvailabilityOverride_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AvailabilityOverride" ADD CONSTRAINT "AvailabilityOverride_subAccountId_userId_fkey" FOREIGN KEY ("subAccountId", "userId") REFERENCES "User"("subAccountId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Booking" ADD CONSTRAINT "Booking_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Booking" ADD CONSTRAINT "Booking_subAccountId_userId_fkey" FOREIGN KEY ("subAccountId", "userId") REFERENCES "User"("subAccountId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Booking" ADD CONSTRAINT "Booking_subAccountId_leadId_fkey" FOREIGN KEY ("subAccountId", "leadId") REFERENCES "Lead"("subAccountId", "id") ON DELETE SET NULL ("leadId") ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "ContactSubmission" ADD CONSTRAINT "ContactSubmission_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactSubmission" ADD CONSTRAINT "ContactSubmission_subAccountId_assignedToUserId_fkey" FOREIGN KEY ("subAccountId", "assignedToUserId") REFERENCES "User"("subAccountId", "id") ON DELETE SET NULL ("assignedToUserId") ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "ContactSubmission" ADD CONSTRAINT "ContactSubmission_subAccountId_convertedLeadId_fkey" FOREIGN KEY ("subAccountId", "convertedLeadId") REFERENCES "Lead"("subAccountId", "id") ON DELETE SET NULL ("convertedLeadId") ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "ContactNote" ADD CONSTRAINT "ContactNote_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactNote" ADD CONSTRAINT "ContactNote_subAccountId_contactId_fkey" FOREIGN KEY ("subAccountId", "contactId") REFERENCES "ContactSubmission"("subAccountId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "ContactNote" ADD CONSTRAINT "ContactNote_subAccountId_authorUserId_fkey" FOREIGN KEY ("subAccountId", "authorUserId") REFERENCES "User"("subAccountId", "id") ON DELETE SET NULL ("authorUserId") ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "FormTemplate" ADD CONSTRAINT "FormTemplate_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FormSession" ADD CONSTRAINT "FormSession_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FormSession" ADD CONSTRAINT "FormSession_subAccountId_formTemplateId_fkey" FOREIGN KEY ("subAccountId", "formTemplateId") REFERENCES "FormTemplate"("subAccountId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "FormSession" ADD CONSTRAINT "FormSession_subAccountId_leadId_fkey" FOREIGN KEY ("subAccountId", "leadId") REFERENCES "Lead"("subAccountId", "id") ON DELETE SET NULL ("leadId") ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "FormSubmission" ADD CONSTRAINT "FormSubmission_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FormSubmission" ADD CONSTRAINT "FormSubmission_subAccountId_formTemplateId_fkey" FOREIGN KEY ("subAccountId", "formTemplateId") REFERENCES "FormTemplate"("subAccountId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "FormSubmission" ADD CONSTRAINT "FormSubmission_subAccountId_sessionId_fkey" FOREIGN KEY ("subAccountId", "sessionId") REFERENCES "FormSession"("subAccountId", "id") ON DELETE SET NULL ("sessionId") ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "FormSubmission" ADD CONSTRAINT "FormSubmission_subAccountId_leadId_fkey" FOREIGN KEY ("subAccountId", "leadId") REFERENCES "Lead"("subAccountId", "id") ON DELETE SET NULL ("leadId") ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Integration" ADD CONSTRAINT "Integration_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Integration" ADD CONSTRAINT "Integration_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "IntegrationTemplate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SecurityIncident" ADD CONSTRAINT "SecurityIncident_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SecurityIncident" ADD CONSTRAINT "SecurityIncident_subAccountId_leadId_fkey" FOREIGN KEY ("subAccountId", "leadId") REFERENCES "Lead"("subAccountId", "id") ON DELETE SET NULL ("leadId") ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "TokenUsage" ADD CONSTRAINT "TokenUsage_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookEvent" ADD CONSTRAINT "WebhookEvent_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: the audit log is append-only. Prisma does not model triggers, and its diff leaves them alone.
CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditLog is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER "AuditLog_append_only" BEFORE UPDATE OR DELETE ON "AuditLog"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();
CREATE TRIGGER "AuditLog_no_truncate" BEFORE TRUNCATE ON "AuditLog"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"();
