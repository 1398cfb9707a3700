import { randomBytes, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import superjson from "superjson";
import { appRouter } from "@/server/api/root";
import { unsafeDb } from "@/server/db/client";
import { WORKSPACE_MODELS } from "@/server/db/workspace-models";
import { hashApiKey } from "@/server/services/api-keys/authenticate-api-key";
import { generateInvitationCode } from "@/server/services/invitations/manage-invitations";
import { encryptMessageContent } from "@/server/services/messages/message-content";
import { createUser, createWorkspace, signedInCaller, uniqueEmail } from "../support/factories";
import { ghlTemplate } from "../integrations/helpers";

/**
 * Every procedure of the router, called as an admin of workspace A with workspace B's ids.
 * The list of procedures is read from the router itself: a new procedure fails this test until it has a case
 * here, so nothing ships without a cross-workspace check.
 *   denied  the call must be refused (NOT_FOUND, FORBIDDEN, UNAUTHORIZED, BAD_REQUEST, PRECONDITION_FAILED)
 *   scoped  the call may succeed, but nothing it returns may carry B's data
 *   public  by design the call reveals a little about B to whoever holds B's code (the reason is stated)
 * Whatever happens, B's rows are byte-for-byte unchanged afterwards.
 */
type World = Awaited<ReturnType<typeof buildWorkspaceB>>;
type Input = { input?: (b: World) => unknown };
type Case = (Input & { kind: "denied" }) | (Input & { kind: "scoped" }) | (Input & { kind: "public"; why: string; allowedKeys: string[] });
type Cases = Record<string, Case>;

const MARKER = `B-MARKER-${randomUUID()}`;
/** B's booking and date override (filled in by buildWorkspaceB). */
const calendarOfB = { bookingId: 0, overrideId: 0 };

async function buildWorkspaceB() {
  const ws = await createWorkspace(MARKER);
  const admin = await createUser({ subAccountId: ws.id, role: "admin" });
  const member = await createUser({ subAccountId: ws.id, role: "user" });
  await unsafeDb.user.update({ where: { id: member.id }, data: { name: MARKER } });
  const lead = await unsafeDb.lead.create({ data: { subAccountId: ws.id, name: MARKER, email: `${randomUUID()}@b.test` } });
  const bBooking = await unsafeDb.booking.create({
    data: { subAccountId: ws.id, userId: member.id, leadId: lead.id, title: MARKER, timezone: "UTC", startsAt: new Date("2030-01-01T10:00Z"), endsAt: new Date("2030-01-01T10:30Z") },
  });
  const bOverride = await unsafeDb.availabilityOverride.create({ data: { subAccountId: ws.id, userId: member.id, date: new Date("2030-01-02"), isDayOff: true } });
  Object.assign(calendarOfB, { bookingId: bBooking.id, overrideId: bOverride.id });
  await unsafeDb.leadNote.create({ data: { subAccountId: ws.id, leadId: lead.id, body: MARKER } });
  // A conversation of B (in A's inbox it would show B's lead name) and a test chat of B.
  await unsafeDb.message.create({ data: { subAccountId: ws.id, leadId: lead.id, role: "lead", channel: "web", status: "needs_human", content: encryptMessageContent(ws.id, lead.id, MARKER) } });
  // An email of B's lead with an attachment in B's storage.
  const attachmentMessage = await unsafeDb.message.create({
    data: {
      subAccountId: ws.id,
      leadId: lead.id,
      role: "lead",
      channel: "email",
      status: "received",
      content: encryptMessageContent(ws.id, lead.id, MARKER),
      media: { attachments: [{ key: `ws/${ws.id}/attachments/${randomUUID()}-b.pdf`, name: MARKER, contentType: "application/pdf", size: 10 }], skipped: [] },
    },
  });
  await unsafeDb.lead.update({ where: { id: lead.id }, data: { lastMessageAt: new Date() } });
  const testChatLead = await unsafeDb.lead.create({ data: { subAccountId: ws.id, name: MARKER, source: "test_chat", archivedAt: new Date() } });
  const invitation = await unsafeDb.invitation.create({
    data: { subAccountId: ws.id, code: generateInvitationCode(), maxUses: 5 },
  });
  const apiKey = await unsafeDb.apiKey.create({
    data: { subAccountId: ws.id, name: MARKER, prefix: `lk_${randomBytes(4).toString("hex")}`, keyHash: hashApiKey(randomUUID()), scopes: ["leads:read"] },
  });
  await unsafeDb.auditLog.create({ data: { subAccountId: ws.id, action: `test.${MARKER}`, actorKind: "user", actorUserId: admin.id } });
  const strategy = await unsafeDb.strategy.create({ data: { subAccountId: ws.id, name: MARKER } });
  await unsafeDb.strategyVersion.create({ data: { subAccountId: ws.id, strategyId: strategy.id, version: 1, snapshot: { name: MARKER } } });
  const evaluationCase = await unsafeDb.strategyEvaluationCase.create({
    data: { subAccountId: ws.id, strategyId: strategy.id, name: MARKER, script: { leadMessages: [MARKER] }, expectations: [{ kind: "booking_created" }] },
  });
  const contact = await unsafeDb.contactSubmission.create({ data: { subAccountId: ws.id, name: MARKER, email: `${randomUUID()}@b.test` } });
  await unsafeDb.contactNote.create({ data: { subAccountId: ws.id, contactId: contact.id, body: MARKER } });
  // A platform catalogue entry (not B's): workspace A may read and activate it for itself.
  const promptTemplate = await unsafeDb.promptTemplate.create({ data: { name: "Catalogue entry", baseSystemPrompt: "You help." } });
  await unsafeDb.subAccount.update({ where: { id: ws.id }, data: { activePromptTemplateId: promptTemplate.id } });
  const jobRun = await unsafeDb.jobRun.create({
    data: { subAccountId: ws.id, queue: "default", name: MARKER, bullJobId: `run-${randomUUID()}`, payload: {}, status: "failed", error: MARKER },
  });
  const dataExport = await unsafeDb.dataExport.create({
    data: { subAccountId: ws.id, datasets: ["leads"], format: "csv", status: "completed", fileName: MARKER, storageKey: `ws/${ws.id}/exports/${randomUUID()}-b.csv`, sizeBytes: 10, rowCount: 1, expiresAt: new Date(Date.now() + 86_400_000) },
  });
  const leadImport = await unsafeDb.leadImport.create({
    data: { subAccountId: ws.id, fileName: MARKER, fileType: "csv", sizeBytes: 10, storageKey: `ws/${ws.id}/imports/${randomUUID()}-b.csv`, errorReportKey: `ws/${ws.id}/imports/${randomUUID()}-b-report.csv`, headers: [MARKER], status: "completed", errorCount: 1, startedAt: new Date() },
  });
  await unsafeDb.leadImportIssue.create({ data: { subAccountId: ws.id, importId: leadImport.id, rowNumber: 2, reason: MARKER, kind: "error" } });
  // B's SMS account and number (a number is unique on the whole platform).
  await unsafeDb.twilioAccount.create({ data: { subAccountId: ws.id, accountSid: `AC${randomBytes(16).toString("hex")}`, authToken: MARKER } });
  const smsNumber = await unsafeDb.smsNumber.create({ data: { subAccountId: ws.id, phoneNumber: `+1415${200 + (randomBytes(2).readUInt16BE() % 700)}${String(randomBytes(3).readUIntBE(0, 3) % 10_000).padStart(4, "0")}`, label: MARKER } });
  await unsafeDb.lead.update({ where: { id: lead.id }, data: { phone: "+12012000099" } });
  // B's own AI model (bring your own key): A must neither see it nor change it.
  await unsafeDb.workspaceAiModel.create({ data: { subAccountId: ws.id, provider: "openai_compatible", baseUrl: "http://127.0.0.1:9/v1", model: MARKER, apiKey: MARKER } });
  // B's email settings (its own server token) and a suppressed address of B's lead.
  await unsafeDb.emailSettings.create({ data: { subAccountId: ws.id, fromName: MARKER, fromAddress: "b@b.test", serverToken: MARKER, inboundToken: randomBytes(10).toString("hex") } });
  await unsafeDb.emailSuppression.create({ data: { subAccountId: ws.id, email: lead.email!, reason: "bounce", detail: MARKER } });
  const messageTemplate = await unsafeDb.messageTemplate.create({ data: { subAccountId: ws.id, name: MARKER, body: MARKER } });
  const leadSelection = await unsafeDb.leadSelection.create({ data: { subAccountId: ws.id, name: MARKER, filters: { search: MARKER, archived: false }, createdByUserId: admin.id } });
  // A campaign of B waiting to start (paused: no dispatcher runs for it), with one recipient.
  const campaign = await unsafeDb.campaign.create({
    data: { subAccountId: ws.id, name: MARKER, body: MARKER, status: "paused", scheduledAt: new Date("2030-01-01T10:00Z"), timezone: "UTC", audience: { kind: "filters", filters: {} }, totalRecipients: 1 },
  });
  await unsafeDb.campaignRecipient.create({ data: { subAccountId: ws.id, campaignId: campaign.id, leadId: lead.id, phone: "+12012000099" } });
  // B's usage (a model named with the marker) and a security incident on B's lead.
  await unsafeDb.modelUsageHourly.create({ data: { subAccountId: ws.id, hour: new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000), model: MARKER, promptTokens: 10, completionTokens: 1, turns: 1 } });
  const incident = await unsafeDb.securityIncident.create({ data: { subAccountId: ws.id, leadId: lead.id, type: "prompt_injection", severity: "high", details: { patterns: [MARKER] } } });
  await unsafeDb.lead.update({ where: { id: lead.id }, data: { aiPaused: true, aiPausedReason: MARKER } });
  const form = await unsafeDb.formTemplate.create({
    data: { subAccountId: ws.id, name: MARKER, slug: `b-${randomUUID()}`, schema: { fields: [{ key: "email", type: "email", label: MARKER, required: true }], rules: [] }, settings: {}, publishedVersion: 1 },
  });
  await unsafeDb.formVersion.create({ data: { subAccountId: ws.id, formTemplateId: form.id, version: 1, kind: "simple", schema: { fields: [], rules: [] }, settings: {} } });
  const formSubmission = await unsafeDb.formSubmission.create({ data: { subAccountId: ws.id, formTemplateId: form.id, version: 1, data: { answers: { email: MARKER } } } });
  const formUpload = await unsafeDb.formUpload.create({
    data: { subAccountId: ws.id, formTemplateId: form.id, submissionId: formSubmission.id, fieldKey: "photo", storageKey: `ws/${ws.id}/forms/${randomUUID()}-b.png`, fileName: MARKER, contentType: "image/png", sizeBytes: 1, confirmedAt: new Date() },
  });
  // B's GoHighLevel connection (a location belongs to one workspace: webhooks find the workspace by it).
  const ghl = await ghlTemplate();
  const ghlLocationId = `loc-${randomUUID()}`;
  const integration = await unsafeDb.integration.create({
    data: { subAccountId: ws.id, templateId: ghl.id, name: MARKER, externalId: ghlLocationId, config: { locationId: ghlLocationId, baseUrl: "http://127.0.0.1:9" } },
  });
  await unsafeDb.integrationConflict.create({
    data: { subAccountId: ws.id, integrationId: integration.id, kind: "contact", localId: lead.id, externalId: MARKER, winner: "ours", localUpdatedAt: new Date(), remoteUpdatedAt: new Date(), label: MARKER },
  });
  // B's outbound webhook endpoint and one delivery of it (its secret sealed like a real one).
  const webhookEndpoint = await unsafeDb.webhookEndpoint.create({ data: { subAccountId: ws.id, url: "https://93.184.216.34/b-hook", description: MARKER, eventTypes: ["lead.created"], secret: MARKER } });
  const webhookDelivery = await unsafeDb.webhookDelivery.create({
    data: { subAccountId: ws.id, endpointId: webhookEndpoint.id, eventType: "lead.created", webhookId: `msg_${randomUUID()}`, payload: JSON.stringify({ marker: MARKER }), status: "failed", attempts: 1, responseExcerpt: MARKER },
  });
  return { webhookEndpoint, webhookDelivery, integration, ghlLocationId, ghlTemplateId: ghl.id, formUpload, attachmentMessage, incident, smsNumber, ws, admin, member, lead, testChatLead, invitation, apiKey, strategy, contact, promptTemplate, jobRun, dataExport, leadImport, evaluationCase, messageTemplate, leadSelection, campaign, form };
}

const cases: Cases = {
  "auth.register": { kind: "scoped", input: () => ({ name: "New", email: uniqueEmail("x"), password: "long-enough-1" }) },
  // Emailed links are bearer secrets: A holds none of B's, so a link A makes up is refused.
  "auth.verifyEmail": { kind: "denied", input: () => ({ token: randomBytes(32).toString("base64url") }) },
  "auth.resetPassword": { kind: "denied", input: () => ({ token: randomBytes(32).toString("base64url"), newPassword: "another-one-123" }) },
  // One answer for every address; B's verified member gets no email, so B is unchanged.
  "auth.resendVerification": { kind: "scoped", input: (b) => ({ email: b.member.email }) },
  // Anyone may have a reset link sent to any address's owner (that is the feature, and B's member would get an email):
  // here an address with no account, which must answer exactly like a known one (tests/auth/account-recovery.test.ts).
  "auth.requestPasswordReset": { kind: "scoped", input: () => ({ email: uniqueEmail("nobody") }) },
  "auth.registerAdmin": { kind: "denied", input: () => ({ name: "N", email: uniqueEmail("x"), password: "twelve-chars-ok", authCode: "whatever-code" }) },
  "auth.me": { kind: "scoped" },
  "auth.changePassword": { kind: "denied", input: () => ({ currentPassword: "not-the-password", newPassword: "another-one-123" }) },
  "auth.updateProfile": { kind: "scoped", input: () => ({ name: "A admin", timezone: "Europe/London" }) },
  "workspace.current": { kind: "scoped" },
  "workspace.update": { kind: "scoped", input: () => ({ description: "A's description" }) },
  "onboarding.validateInvitation": {
    kind: "public",
    why: "whoever holds an invitation code may learn the workspace's name and the code's terms before joining",
    allowedKeys: ["workspaceName", "requiresPassword", "usesLeft", "expiresAt"],
    input: (b) => ({ code: b.invitation.code }),
  },
  "onboarding.createWorkspace": { kind: "denied", input: () => ({ name: "Sneaky" }) },
  "onboarding.joinWorkspace": { kind: "denied", input: (b) => ({ code: b.invitation.code }) },
  "invitations.list": { kind: "scoped" },
  "invitations.create": { kind: "scoped", input: () => ({ maxUses: 2 }) },
  "invitations.deactivate": { kind: "denied", input: (b) => ({ id: b.invitation.id }) },
  "users.list": { kind: "scoped", input: () => ({ search: MARKER }) },
  "users.create": { kind: "scoped", input: () => ({ name: "Added", email: uniqueEmail("added"), role: "user" }) },
  "users.updateRole": { kind: "denied", input: (b) => ({ id: b.member.id, role: "admin" }) },
  "users.setActive": { kind: "denied", input: (b) => ({ id: b.admin.id, isActive: false }) },
  "users.remove": { kind: "denied", input: (b) => ({ id: b.member.id }) },
  "users.myBookingSettings": { kind: "scoped" },
  "users.updateMyBookingSettings": {
    kind: "scoped",
    input: () => ({ slotMinutes: 45, bufferBeforeMin: 0, bufferAfterMin: 10, minNoticeMinutes: 60, maxPerDay: null }),
  },
  "apiKeys.list": { kind: "scoped" },
  "apiKeys.create": { kind: "scoped", input: () => ({ name: "A key", scopes: ["leads:read"] }) },
  "apiKeys.revoke": { kind: "denied", input: (b) => ({ id: b.apiKey.id }) },
  "audit.list": { kind: "scoped", input: (b) => ({ actorUserId: b.admin.id, action: MARKER }) },
  "availability.getSchedule": { kind: "denied", input: (b) => ({ userId: b.member.id }) },
  "availability.updateSchedule": { kind: "denied", input: (b) => ({ userId: b.member.id, timezone: "UTC", weeklyHours: { mon: [["09:00", "10:00"]] } }) },
  "availability.overrides.list": { kind: "denied", input: (b) => ({ userId: b.member.id }) },
  "availability.overrides.set": { kind: "denied", input: (b) => ({ userId: b.member.id, date: "2030-01-03", isDayOff: true }) },
  "availability.overrides.remove": { kind: "denied", input: () => ({ id: calendarOfB.overrideId }) },
  "availability.slots": { kind: "denied", input: (b) => ({ userId: b.member.id, from: new Date("2029-12-31"), to: new Date("2030-01-07"), timezone: "UTC" }) },
  "bookings.list": { kind: "scoped", input: (b) => ({ userId: b.member.id }) },
  "bookings.week": { kind: "scoped", input: (b) => ({ weekStart: "2029-12-31", timezone: "UTC", userId: b.member.id }) },
  "bookings.create": { kind: "denied", input: (b) => ({ userId: b.member.id, leadId: b.lead.id, startsAt: new Date("2030-01-01T11:00Z"), timezone: "UTC" }) },
  "bookings.reschedule": { kind: "denied", input: () => ({ id: calendarOfB.bookingId, startsAt: new Date("2030-01-01T11:00Z") }) },
  "bookings.confirm": { kind: "denied", input: () => ({ id: calendarOfB.bookingId }) },
  "bookings.cancel": { kind: "denied", input: () => ({ id: calendarOfB.bookingId }) },
  "bookings.complete": { kind: "denied", input: () => ({ id: calendarOfB.bookingId }) },
  "bookings.noShow": { kind: "denied", input: () => ({ id: calendarOfB.bookingId }) },
  "bookings.reminderSettings": { kind: "scoped" },
  "bookings.updateReminderSettings": { kind: "scoped", input: () => ({ enabled: true, offsetsMinutes: [1440, 60] }) },
  "leads.list": { kind: "scoped", input: () => ({ search: MARKER }) },
  "leads.get": { kind: "denied", input: (b) => ({ id: b.lead.id }) },
  "leads.create": { kind: "scoped", input: (b) => ({ name: "A lead", email: b.lead.email }) },
  "leads.update": { kind: "denied", input: (b) => ({ id: b.lead.id, name: "Hijacked" }) },
  "leads.archive": { kind: "denied", input: (b) => ({ id: b.lead.id }) },
  "leads.unarchive": { kind: "denied", input: (b) => ({ id: b.lead.id }) },
  "leads.delete": { kind: "denied", input: (b) => ({ id: b.lead.id }) },
  "leads.assign": { kind: "denied", input: (b) => ({ id: b.lead.id, ownerId: null }) },
  "leads.updateConversationState": { kind: "denied", input: (b) => ({ id: b.lead.id, conversationState: { stage: "closing" } }) },
  "leads.notes.list": { kind: "denied", input: (b) => ({ leadId: b.lead.id }) },
  "leads.notes.add": { kind: "denied", input: (b) => ({ leadId: b.lead.id, body: "Sneaky" }) },
  "jobs.list": { kind: "scoped", input: () => ({}) },
  "jobs.get": { kind: "denied", input: (b) => ({ id: b.jobRun.id }) },
  "jobs.retry": { kind: "denied", input: (b) => ({ id: b.jobRun.id }) },
  "exports.create": { kind: "scoped", input: () => ({ datasets: ["leads"], format: "csv", includePdfSummary: false }) },
  "exports.list": { kind: "scoped", input: () => ({}) },
  "exports.get": { kind: "denied", input: (b) => ({ id: b.dataExport.id }) },
  "exports.download": { kind: "denied", input: (b) => ({ id: b.dataExport.id }) },
  "messages.send": { kind: "denied", input: (b) => ({ leadId: b.lead.id, channel: "email", subject: "Hi", body: "Sneaky" }) },
  "messages.list": { kind: "denied", input: (b) => ({ leadId: b.lead.id }) },
  "messages.attachmentDownload": { kind: "denied", input: (b) => ({ messageId: Number(b.attachmentMessage.id), index: 0 }) },
  "aiModel.status": { kind: "scoped" },
  "aiModel.get": { kind: "scoped" },
  "aiModel.save": { kind: "scoped", input: () => ({ provider: "openai_compatible", baseUrl: "http://127.0.0.1:9/v1", model: "a-model", apiKey: "a-key" }) },
  "aiModel.clear": { kind: "scoped" },
  // Tries A's values (nothing listens on port 9): B's stored key is never used for A.
  "aiModel.test": { kind: "scoped", input: () => ({ provider: "openai_compatible", baseUrl: "http://127.0.0.1:9/v1", model: "a-model" }) },
  "email.settings": { kind: "scoped" },
  // A's own sender checked against the platform's account (or refused for want of a token): nothing of B is read.
  "email.checkSender": { kind: "scoped", input: () => ({}) },
  "email.updateSettings": { kind: "denied", input: (b) => ({ fromName: "Taken over", newLeadStrategyId: b.strategy.id }) },
  "email.setServerToken": { kind: "scoped", input: () => ({ serverToken: randomUUID() }) },
  "email.clearServerToken": { kind: "scoped" },
  "email.leadSuppression": { kind: "denied", input: (b) => ({ leadId: b.lead.id }) },
  "email.liftSuppression": { kind: "denied", input: (b) => ({ leadId: b.lead.id }) },
  "sms.settings": { kind: "scoped" },
  "sms.numbers": { kind: "scoped" },
  "sms.setCredentials": { kind: "scoped", input: () => ({ accountSid: `AC${"a".repeat(32)}`, authToken: "b".repeat(32) }) },
  "sms.clearCredentials": { kind: "scoped" },
  // Asks Twilio about A's own account (or the platform's, or says there is none): B's credentials are never used.
  "sms.checkConnection": { kind: "scoped" },
  "sms.addNumber": { kind: "denied", input: (b) => ({ phoneNumber: b.smsNumber.phoneNumber! }) },
  "sms.updateNumber": { kind: "denied", input: (b) => ({ id: b.smsNumber.id, label: "Taken over", messagesPerSecond: 50 }) },
  "sms.removeNumber": { kind: "denied", input: (b) => ({ id: b.smsNumber.id }) },
  "sms.updateSettings": { kind: "denied", input: (b) => ({ unknownSenders: "create_lead", newLeadStrategyId: b.strategy.id }) },
  "sms.simulatorSend": { kind: "denied", input: (b) => ({ numberId: b.smsNumber.id, from: "+14155550123", body: "Hi" }) },
  "widget.settings": { kind: "scoped" },
  "webhooks.list": { kind: "scoped" },
  // A public address literal: registration resolves nothing, so the case runs without DNS.
  "webhooks.create": { kind: "scoped", input: () => ({ url: "https://93.184.216.34/a-hook", eventTypes: ["lead.created"] }) },
  "webhooks.update": { kind: "denied", input: (b) => ({ id: b.webhookEndpoint.id, description: "Taken", eventTypes: ["booking.created"] }) },
  "webhooks.setEnabled": { kind: "denied", input: (b) => ({ id: b.webhookEndpoint.id, enabled: false }) },
  "webhooks.rotateSecret": { kind: "denied", input: (b) => ({ id: b.webhookEndpoint.id }) },
  "webhooks.delete": { kind: "denied", input: (b) => ({ id: b.webhookEndpoint.id }) },
  "webhooks.sendTest": { kind: "denied", input: (b) => ({ id: b.webhookEndpoint.id }) },
  "webhooks.deliveries": { kind: "denied", input: (b) => ({ endpointId: b.webhookEndpoint.id }) },
  "webhooks.resend": { kind: "denied", input: (b) => ({ id: b.webhookDelivery.id.toString() }) },
  // B's strategy for A's new visitors: refused (a field error), and B's settings are untouched.
  "widget.updateSettings": { kind: "denied", input: (b) => ({ allowedOrigins: ["https://a.example"], newLeadStrategyId: b.strategy.id }) },
  "sms.simulatorThread": { kind: "denied", input: (b) => ({ numberId: b.smsNumber.id, from: "+14155550123" }) },
  "messageTemplates.list": { kind: "scoped" },
  "messageTemplates.render": { kind: "denied", input: (b) => ({ id: b.messageTemplate.id, leadId: b.lead.id }) },
  "messageTemplates.create": { kind: "scoped", input: () => ({ name: "A template", body: "Hi {{lead.firstName}}" }) },
  "messageTemplates.update": { kind: "denied", input: (b) => ({ id: b.messageTemplate.id, name: "Hijacked", body: "Hijacked" }) },
  "messageTemplates.delete": { kind: "denied", input: (b) => ({ id: b.messageTemplate.id }) },
  "leadSelections.list": { kind: "scoped" },
  // Filters naming B's strategy or member are refused (a field error), so no selection of A points into B.
  "leadSelections.create": { kind: "denied", input: (b) => ({ name: "Sneaky", filters: { strategyId: b.strategy.id, ownerId: b.member.id } }) },
  "leadSelections.rename": { kind: "denied", input: (b) => ({ id: b.leadSelection.id, name: "Hijacked" }) },
  "leadSelections.updateFilters": { kind: "denied", input: (b) => ({ id: b.leadSelection.id, filters: { status: "won" } }) },
  "leadSelections.delete": { kind: "denied", input: (b) => ({ id: b.leadSelection.id }) },
  "campaigns.countRecipients": { kind: "denied", input: (b) => ({ audience: { kind: "selection", selectionId: b.leadSelection.id } }) },
  "campaigns.list": { kind: "scoped", input: () => ({}) },
  "campaigns.get": { kind: "denied", input: (b) => ({ id: b.campaign.id }) },
  "campaigns.recipients": { kind: "denied", input: (b) => ({ campaignId: b.campaign.id }) },
  // B's lead ids name no lead of A: nothing to count, nothing rendered.
  "campaigns.preview": { kind: "scoped", input: (b) => ({ body: "Hi {{lead.firstName}}", audience: { kind: "leads", leadIds: [b.lead.id] } }) },
  "campaigns.create": { kind: "denied", input: (b) => ({ name: "Sneaky", body: "Hi", audience: { kind: "leads", leadIds: [b.lead.id] }, sendAt: "now" }) },
  "campaigns.pause": { kind: "denied", input: (b) => ({ id: b.campaign.id }) },
  "campaigns.resume": { kind: "denied", input: (b) => ({ id: b.campaign.id }) },
  "campaigns.cancel": { kind: "denied", input: (b) => ({ id: b.campaign.id }) },
  "imports.createUpload": { kind: "scoped", input: () => ({ fileName: "leads.csv", contentType: "text/csv", size: 100 }) },
  "imports.create": { kind: "denied", input: (b) => ({ key: b.leadImport.storageKey, fileName: "leads.csv" }) },
  "imports.selectSheet": { kind: "denied", input: (b) => ({ id: b.leadImport.id, sheetName: "Sheet1" }) },
  "imports.start": { kind: "denied", input: (b) => ({ id: b.leadImport.id, mapping: { "0": "name" }, duplicateMode: "skip" }) },
  "imports.resume": { kind: "denied", input: (b) => ({ id: b.leadImport.id }) },
  "imports.list": { kind: "scoped", input: () => ({}) },
  "imports.get": { kind: "denied", input: (b) => ({ id: b.leadImport.id }) },
  "imports.issues": { kind: "denied", input: (b) => ({ id: b.leadImport.id }) },
  "imports.downloadReport": { kind: "denied", input: (b) => ({ id: b.leadImport.id }) },
  "evaluations.get": { kind: "denied", input: (b) => ({ strategyId: b.strategy.id }) },
  "evaluations.createCase": { kind: "denied", input: (b) => ({ strategyId: b.strategy.id, name: "x", leadMessages: ["hi"], expectations: [{ kind: "booking_created" }] }) },
  "evaluations.updateCase": { kind: "denied", input: (b) => ({ id: b.evaluationCase.id, name: "x", leadMessages: ["hi"], expectations: [{ kind: "booking_created" }] }) },
  "evaluations.deleteCase": { kind: "denied", input: (b) => ({ id: b.evaluationCase.id }) },
  "evaluations.run": { kind: "denied", input: (b) => ({ strategyId: b.strategy.id }) },
  "evaluations.setRequired": { kind: "denied", input: (b) => ({ strategyId: b.strategy.id, required: true }) },
  "platform.queues.overview": { kind: "denied" },
  "platform.queues.failed": { kind: "denied", input: () => ({ queue: "default" }) },
  "platform.queues.retry": { kind: "denied", input: (b) => ({ queue: "default", jobId: b.jobRun.bullJobId }) },
  "external.whoami": { kind: "denied" },
  "platform.overview": { kind: "denied" },
  "platform.ai.get": { kind: "denied" },
  "platform.ai.save": { kind: "denied", input: () => ({ provider: "openai_compatible", baseUrl: "http://127.0.0.1:9/v1", model: "hijacked", revision: "none" }) },
  "platform.ai.clear": { kind: "denied", input: () => ({ revision: "none" }) },
  "platform.ai.test": { kind: "denied", input: () => ({ provider: "openai_compatible", baseUrl: "http://127.0.0.1:9/v1", model: "a-model" }) },
  "platform.actInWorkspace": { kind: "denied", input: (b) => ({ subAccountId: b.ws.id }) },
  "platform.workspaces.list": { kind: "denied", input: () => ({ search: MARKER }) },
  "platform.workspaces.create": { kind: "denied", input: () => ({ name: "Nope" }) },
  "platform.workspaces.update": { kind: "denied", input: (b) => ({ id: b.ws.id, name: "Hijacked" }) },
  "platform.workspaces.delete": { kind: "denied", input: (b) => ({ id: b.ws.id, confirmName: b.ws.name }) },
  "platform.users.list": { kind: "denied", input: (b) => ({ subAccountId: b.ws.id }) },
  "platform.users.update": { kind: "denied", input: (b) => ({ id: b.member.id, isActive: false }) },
  "platform.admins.list": { kind: "denied" },
  "platform.admins.create": { kind: "denied", input: () => ({ name: "N", email: uniqueEmail("adm") }) },
  "platform.admins.setActive": { kind: "denied", input: () => ({ id: 1, isActive: false }) },
  "platform.authCodes.list": { kind: "denied" },
  "platform.authCodes.issue": { kind: "denied", input: () => ({}) },
  "platform.authCodes.revoke": { kind: "denied", input: () => ({ id: 1 }) },
  "platform.security.signInAttempts": { kind: "denied", input: (b) => ({ email: b.admin.email }) },
  "platform.security.unlock": { kind: "denied", input: (b) => ({ email: b.admin.email }) },
  "platform.audit.list": { kind: "denied", input: (b) => ({ subAccountId: b.ws.id }) },
  "platform.usage.limits": { kind: "denied", input: (b) => ({ subAccountId: b.ws.id }) },
  "platform.usage.setLimits": { kind: "denied", input: (b) => ({ subAccountId: b.ws.id, monthlyTokenBudget: 1, monthlySmsLimit: 0, monthlyEmailLimit: 0, monthlyWebLimit: 0 }) },
  "platform.usage.prices": { kind: "denied" },
  "platform.usage.savePrice": { kind: "denied", input: () => ({ model: MARKER, inputPerMillion: 1, outputPerMillion: 1 }) },
  "platform.usage.deletePrice": { kind: "denied", input: () => ({ id: 1 }) },
  "usage.summary": { kind: "scoped", input: () => ({ month: new Date().toISOString().slice(0, 7), timezone: "UTC" }) },
  "safety.incidents": { kind: "scoped", input: () => ({ status: "all" }) },
  "safety.resolve": { kind: "denied", input: (b) => ({ id: b.incident.id }) },
  "safety.resumeAi": { kind: "denied", input: (b) => ({ leadId: b.lead.id }) },
  "chat.inbox": { kind: "scoped", input: () => ({ limit: 50 }) },
  "chat.setAi": { kind: "denied", input: (b) => ({ leadId: b.lead.id, enabled: false }) },
  "chat.testStart": { kind: "denied", input: (b) => ({ strategyId: b.strategy.id }) },
  "chat.testSend": { kind: "denied", input: (b) => ({ leadId: b.testChatLead.id, content: "Sneaky" }) },
  "chat.testTranscript": { kind: "denied", input: (b) => ({ leadId: b.testChatLead.id }) },
  // Takes no ids (the channel is the caller's workspace); tests/agents/conversation-events.test.ts listens to A and B.
  "chat.events": { kind: "scoped" },
  "forms.list": { kind: "scoped", input: () => ({ search: MARKER }) },
  "forms.get": { kind: "denied", input: (b) => ({ id: b.form.id }) },
  "forms.create": { kind: "scoped", input: () => ({ name: "A form" }) },
  "forms.updateDraft": { kind: "denied", input: (b) => ({ id: b.form.id, name: "Hijacked", definition: { fields: [], rules: [] } }) },
  "forms.publish": { kind: "denied", input: (b) => ({ id: b.form.id }) },
  "forms.archive": { kind: "denied", input: (b) => ({ id: b.form.id }) },
  "forms.restore": { kind: "denied", input: (b) => ({ id: b.form.id }) },
  "forms.uploadUrl": { kind: "denied", input: (b) => ({ id: b.formUpload.id }) },
  "forms.submissions": { kind: "denied", input: (b) => ({ formId: b.form.id, search: MARKER }) },
  "forms.analytics": { kind: "denied", input: (b) => ({ formId: b.form.id, from: "2030-01-01", to: "2030-01-31", timeZone: "UTC" }) },
  "strategies.list": { kind: "scoped", input: () => ({ search: MARKER }) },
  "strategies.get": { kind: "denied", input: (b) => ({ id: b.strategy.id }) },
  "strategies.versions": { kind: "denied", input: (b) => ({ id: b.strategy.id }) },
  "strategies.create": { kind: "scoped", input: () => ({ name: "A strategy" }) },
  "strategies.update": { kind: "denied", input: (b) => ({ id: b.strategy.id, name: "Hijacked" }) },
  "strategies.restoreVersion": { kind: "denied", input: (b) => ({ id: b.strategy.id, version: 1 }) },
  "strategies.duplicate": { kind: "denied", input: (b) => ({ id: b.strategy.id }) },
  "strategies.activate": { kind: "denied", input: (b) => ({ id: b.strategy.id }) },
  "strategies.deactivate": { kind: "denied", input: (b) => ({ id: b.strategy.id }) },
  "strategies.delete": { kind: "denied", input: (b) => ({ id: b.strategy.id }) },
  "promptTemplates.list": { kind: "denied", input: () => ({}) },
  "promptTemplates.get": { kind: "denied", input: (b) => ({ id: b.promptTemplate.id }) },
  "promptTemplates.create": { kind: "denied", input: () => ({ name: "Nope", baseSystemPrompt: "x" }) },
  "promptTemplates.update": { kind: "denied", input: (b) => ({ id: b.promptTemplate.id, name: "Hijacked" }) },
  "promptTemplates.delete": { kind: "denied", input: (b) => ({ id: b.promptTemplate.id }) },
  "promptTemplates.activate": { kind: "denied", input: (b) => ({ templateId: null, subAccountId: b.ws.id }) },
  "workspaceTemplate.list": { kind: "scoped", input: () => ({}) },
  "workspaceTemplate.get": { kind: "scoped", input: (b) => ({ id: b.promptTemplate.id }) },
  "workspaceTemplate.active": { kind: "scoped" },
  "workspaceTemplate.activate": { kind: "scoped", input: () => ({ templateId: null }) },
  "contacts.list": { kind: "scoped", input: () => ({ search: MARKER }) },
  "contacts.get": { kind: "denied", input: (b) => ({ id: b.contact.id }) },
  "contacts.stats": { kind: "scoped" },
  "contacts.updateStatus": { kind: "denied", input: (b) => ({ id: b.contact.id, status: "CONTACTED" }) },
  "contacts.updatePriority": { kind: "denied", input: (b) => ({ id: b.contact.id, priority: "URGENT" }) },
  "contacts.assign": { kind: "denied", input: (b) => ({ id: b.contact.id, userId: b.member.id }) },
  "contacts.addNote": { kind: "denied", input: (b) => ({ id: b.contact.id, body: "Sneaky" }) },
  "contacts.convertToLead": { kind: "denied", input: (b) => ({ id: b.contact.id }) },
  "dashboard.summary": { kind: "scoped", input: () => ({ timezone: "America/New_York" }) },
  "integrations.list": { kind: "scoped" },
  // B's location for A: refused (a location is connected to one workspace), and B's connection is untouched.
  "integrations.connect": { kind: "denied", input: (b) => ({ templateId: b.ghlTemplateId, values: { locationId: b.ghlLocationId, privateToken: "a-token" } }) },
  "integrations.setEnabled": { kind: "denied", input: (b) => ({ id: b.integration.id, enabled: false }) },
  "integrations.disconnect": { kind: "denied", input: (b) => ({ id: b.integration.id }) },
  "integrations.test": { kind: "denied", input: (b) => ({ id: b.integration.id }) },
  "integrations.startImport": { kind: "denied", input: (b) => ({ id: b.integration.id }) },
  "platform.integrationTemplates.list": { kind: "denied" },
  "platform.integrationTemplates.create": { kind: "denied", input: () => ({ key: "sneaky", name: "Sneaky", configSchema: '{"type":"object","properties":{}}' }) },
  "platform.integrationTemplates.update": { kind: "denied", input: (b) => ({ id: b.ghlTemplateId, name: "Hijacked", configSchema: '{"type":"object","properties":{}}' }) },
  "platform.integrationTemplates.delete": { kind: "denied", input: (b) => ({ id: b.ghlTemplateId }) },
};

const DENIED = new Set(["NOT_FOUND", "FORBIDDEN", "UNAUTHORIZED", "BAD_REQUEST", "PRECONDITION_FAILED"]);
const delegate = (model: string) => model[0]!.toLowerCase() + model.slice(1);

/** Every row workspace B owns, serialised: equal before and after means nothing of B changed. */
async function snapshotOf(subAccountId: number) {
  const parts: Record<string, unknown> = {
    subAccount: await unsafeDb.subAccount.findUnique({ where: { id: subAccountId } }),
  };
  for (const model of WORKSPACE_MODELS) {
    const client = (unsafeDb as unknown as Record<string, { findMany: (a: object) => Promise<unknown[]> }>)[delegate(model)]!;
    parts[model] = await client.findMany({ where: { subAccountId }, orderBy: { id: "asc" } });
  }
  return superjson.stringify(parts);
}

const procedures = (appRouter as unknown as { _def: { procedures: Record<string, { _def: { type: string } }> } })._def.procedures;

describe("cross-workspace: every procedure, as workspace A with workspace B's ids", () => {
  let b: World;
  let caller: Record<string, unknown>;

  beforeAll(async () => {
    const a = await createWorkspace("A");
    const adminA = await createUser({ subAccountId: a.id, role: "admin" });
    b = await buildWorkspaceB();
    caller = (await signedInCaller({ kind: "user", id: adminA.id })).caller as unknown as Record<string, unknown>;
  });

  it("has a case for every procedure of the router", () => {
    const missing = Object.keys(procedures).filter((path) => !cases[path]);
    expect(missing, `add a cross-workspace case for: ${missing.join(", ")}`).toEqual([]);
    const stale = Object.keys(cases).filter((path) => !procedures[path]);
    expect(stale, "cases for procedures that no longer exist").toEqual([]);
  });

  it.each(Object.keys(procedures))("%s", async (path) => {
    expect(cases[path], `no cross-workspace case for ${path}`).toBeDefined();
    const spec = cases[path]!;
    const before = await snapshotOf(b.ws.id);
    const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input: unknown) => Promise<unknown>;
    const outcome = await fn(spec.input?.(b)).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );

    if (spec.kind === "denied") {
      expect(outcome.ok, `${path} should have been refused`).toBe(false);
      const code = !outcome.ok && outcome.error instanceof TRPCError ? outcome.error.code : String(!outcome.ok && outcome.error);
      expect(DENIED.has(code), `${path} failed with ${code}`).toBe(true);
    } else if (outcome.ok) {
      const text = superjson.stringify(outcome.value);
      if (spec.kind === "scoped") expect(text, `${path} returned workspace B's data`).not.toContain(MARKER);
      else expect(Object.keys(outcome.value as object).sort(), spec.why).toEqual([...spec.allowedKeys].sort());
    } else {
      // A scoped call may still be refused for its own reasons (e.g. a rule about the caller), never a crash.
      const code = outcome.error instanceof TRPCError ? outcome.error.code : "NOT_A_TRPC_ERROR";
      expect(code, `${path}: ${String(outcome.error)}`).not.toBe("INTERNAL_SERVER_ERROR");
      expect(code).not.toBe("NOT_A_TRPC_ERROR");
    }
    expect(await snapshotOf(b.ws.id), `${path} changed workspace B`).toBe(before);
  });
});

describe("cross-workspace: the website chat's routes, as a visitor of workspace A holding B's lead", () => {
  it("a token naming B's lead, even one we signed for A, reads and writes nothing of B", async () => {
    const { encodeVisitorToken, newVisitorToken } = await import("@/server/services/widget/visitor-token");
    const messages = await import("@/app/api/public/widget/messages/route");
    const details = await import("@/app/api/public/widget/details/route");
    const events = await import("@/app/api/public/widget/events/route");
    const a = await createWorkspace("A visitor");
    const b = await buildWorkspaceB();
    const keys = await unsafeDb.subAccount.findMany({ where: { id: { in: [a.id, b.ws.id] } }, select: { id: true, publicKey: true } });
    const keyOf = (id: number) => keys.find((k) => k.id === id)!.publicKey;
    const before = await snapshotOf(b.ws.id);
    for (const token of [
      { ...newVisitorToken(a.id), leadId: b.lead.id }, // ours, for A, naming B's lead
      { ...newVisitorToken(b.ws.id), leadId: b.lead.id }, // B's visitor, on A's key
    ]) {
      const cookie = `__Host-lk_widget=${encodeVisitorToken(token)}`;
      const headers = { cookie, "x-forwarded-for": "10.9.9.9", "content-type": "application/json" };
      const transcript = await messages.GET(new Request(`http://localhost:8000/api/public/widget/messages?key=${keyOf(a.id)}`, { headers }));
      expect(await transcript.text()).not.toContain(MARKER);
      const saved = await details.POST(new Request("http://localhost:8000/api/public/widget/details", { method: "POST", headers, body: JSON.stringify({ key: keyOf(a.id), name: "Taken over", email: "taken@a.example" }) }));
      expect([412, 404, 400]).toContain(saved.status);
      const stream = await events.GET(new Request(`http://localhost:8000/api/public/widget/events?key=${keyOf(a.id)}`, { headers }));
      if (stream.status === 200) {
        const reader = stream.body!.getReader();
        const chunks: string[] = [];
        for (let i = 0; i < 2; i++) chunks.push(new TextDecoder().decode((await reader.read()).value));
        await reader.cancel();
        expect(chunks.join("")).not.toContain(MARKER);
      } else expect(stream.status).toBe(412);
      const sent = await messages.POST(new Request("http://localhost:8000/api/public/widget/messages", { method: "POST", headers, body: JSON.stringify({ key: keyOf(a.id), content: "Hello", clientMessageId: randomUUID() }) }));
      expect(sent.status).toBe(201);
    }
    expect(await snapshotOf(b.ws.id), "the website chat changed workspace B").toBe(before);
    await (await import("@/server/realtime/conversation-events")).closeConversationEvents();
  });
});

describe("cross-workspace: the public API (/api/v1), with a key of workspace A and workspace B's ids", () => {
  type ApiCase = { kind: "denied"; status: 404 | 400; path: (b: World) => string; body?: (b: World) => unknown } | { kind: "scoped"; path: (b: World) => string; body?: (b: World) => unknown };
  const submissionOfB = { id: 0 };
  /** Every operation of the public API (src/server/http/public-api/operations.ts) needs a case: ids in the path are 404, in a body or query a 400 naming the field. */
  const apiCases: Record<string, ApiCase> = {
    listLeads: { kind: "scoped", path: () => `/leads?search=${MARKER}` },
    createLead: { kind: "scoped", path: () => "/leads", body: (b) => ({ name: "A lead", email: b.lead.email, ownerId: null }) },
    getLead: { kind: "denied", status: 404, path: (b) => `/leads/${b.lead.id}` },
    updateLead: { kind: "denied", status: 404, path: (b) => `/leads/${b.lead.id}`, body: () => ({ name: "Hijacked" }) },
    deleteLead: { kind: "denied", status: 404, path: (b) => `/leads/${b.lead.id}` },
    listLeadNotes: { kind: "denied", status: 404, path: (b) => `/leads/${b.lead.id}/notes` },
    addLeadNote: { kind: "denied", status: 404, path: (b) => `/leads/${b.lead.id}/notes`, body: () => ({ body: "Sneaky" }) },
    listBookings: { kind: "scoped", path: (b) => `/bookings?userId=${b.member.id}&leadId=${b.lead.id}` },
    listFreeSlots: { kind: "denied", status: 400, path: (b) => `/free-slots?userId=${b.member.id}&from=2029-12-31T00:00:00Z&to=2030-01-07T00:00:00Z&timezone=UTC` },
    createBooking: { kind: "denied", status: 400, path: () => "/bookings", body: (b) => ({ userId: b.member.id, leadId: b.lead.id, startsAt: "2030-01-01T11:00:00Z", timezone: "UTC" }) },
    cancelBooking: { kind: "denied", status: 404, path: () => `/bookings/${calendarOfB.bookingId}/cancel` },
    listContacts: { kind: "scoped", path: () => `/contacts?search=${MARKER}` },
    getContact: { kind: "denied", status: 404, path: (b) => `/contacts/${b.contact.id}` },
    listFormSubmissions: { kind: "scoped", path: (b) => `/form-submissions?formId=${b.form.id}` },
    getFormSubmission: { kind: "denied", status: 404, path: () => `/form-submissions/${submissionOfB.id}` },
  };

  let b: World;
  let a: { id: number; name: string };
  let keyOfA: string;
  let operations: (typeof import("@/server/http/public-api/operations"))["PUBLIC_OPERATIONS"];
  let support: typeof import("../support/public-api");

  beforeAll(async () => {
    support = await import("../support/public-api");
    ({ PUBLIC_OPERATIONS: operations } = await import("@/server/http/public-api/operations"));
    a = await createWorkspace("A over the API");
    b = await buildWorkspaceB();
    submissionOfB.id = (await unsafeDb.formSubmission.create({ data: { subAccountId: b.ws.id, formTemplateId: b.form.id, version: 1, data: { email: MARKER } } })).id;
    keyOfA = (await support.apiKeyFor(a, support.ALL_SCOPES)).key;
  });

  const call = (operationId: string, key: string | null) => {
    const operation = operations.find((o) => o.operationId === operationId)!;
    const spec = apiCases[operationId]!;
    return support.api(spec.path(b), { method: operation.method, key, body: spec.body?.(b) ?? (operation.method === "POST" || operation.method === "PATCH" ? {} : undefined) });
  };

  it("has a case for every operation", () => {
    const ids = operations.map((o) => o.operationId);
    expect(ids.filter((id) => !apiCases[id]), "add a case to apiCases").toEqual([]);
    expect(Object.keys(apiCases).filter((id) => !ids.includes(id)), "cases for operations that no longer exist").toEqual([]);
  });

  it("every operation: B's ids are refused or invisible, and B is unchanged", async () => {
    for (const operationId of Object.keys(apiCases)) {
      const spec = apiCases[operationId]!;
      const before = await snapshotOf(b.ws.id);
      const response = await call(operationId, keyOfA);
      const text = await response.text();
      if (spec.kind === "denied") expect(response.status, `${operationId}: ${text}`).toBe(spec.status);
      else {
        expect(response.status, `${operationId}: ${text}`).toBeLessThan(300);
        expect(text, `${operationId} returned workspace B's data`).not.toContain(MARKER);
      }
      expect(await snapshotOf(b.ws.id), `${operationId} changed workspace B`).toBe(before);
    }
  });

  it("scopes: a read key cannot write, a key without the scope or without any is refused (403), revoked, expired and missing keys are 401", async () => {
    const { apiKeyFor, ALL_SCOPES } = support;
    const readOnly = (await apiKeyFor(a, ALL_SCOPES.filter((s) => s.endsWith(":read")))).key;
    const noScope = (await apiKeyFor(a, "none")).key;
    const revoked = (await apiKeyFor(a, ALL_SCOPES, "revoked")).key;
    const expired = (await apiKeyFor(a, ALL_SCOPES, "expired")).key;
    const inactiveWorkspace = await createWorkspace("Inactive API");
    const ofInactive = (await apiKeyFor(inactiveWorkspace, ALL_SCOPES)).key;
    await unsafeDb.subAccount.update({ where: { id: inactiveWorkspace.id }, data: { isActive: false } });
    const problems: string[] = [];
    const expectStatus = async (operationId: string, key: string | null, status: number, type: string) => {
      const response = await call(operationId, key);
      const body = (await response.json().catch(() => null)) as { type?: string } | null;
      if (response.status !== status || body?.type !== `/developers/api#problem-${type}`) problems.push(`${operationId} with ${type}: ${response.status} ${body?.type}`);
    };
    for (const operation of operations) {
      const before = await snapshotOf(b.ws.id);
      const [domain] = operation.scope.split(":");
      const withoutIt = (await apiKeyFor(a, ALL_SCOPES.filter((s) => !s.startsWith(`${domain}:`)))).key;
      if (operation.scope.endsWith(":write")) await expectStatus(operation.operationId, readOnly, 403, "insufficient-scope");
      await expectStatus(operation.operationId, withoutIt, 403, "insufficient-scope");
      await expectStatus(operation.operationId, noScope, 403, "insufficient-scope");
      for (const [key, label] of [[revoked, "revoked"], [expired, "expired"], [ofInactive, "inactive workspace"], [null, "no key"], ["lk_nothing_here", "unknown"]] as const) {
        const response = await call(operation.operationId, key);
        if (response.status !== 401) problems.push(`${operation.operationId} with a ${label} key: ${response.status}`);
      }
      expect(await snapshotOf(b.ws.id)).toBe(before);
    }
    expect(problems).toEqual([]);
    // A read key reads.
    expect((await support.api("/leads", { key: readOnly })).status).toBe(200);
  });
});

describe("cross-workspace: the booking manage link, signed for workspace A but naming B's booking", () => {
  it("the page and both routes refuse in words and change nothing of B", async () => {
    const { bookingManageToken } = await import("@/server/services/bookings/manage-token");
    const { describeManagedBooking } = await import("@/server/services/bookings/manage-booking");
    const cancel = await import("@/app/api/public/booking/cancel/route");
    const reschedule = await import("@/app/api/public/booking/reschedule/route");
    const a = await createWorkspace("A manage link");
    const b = await buildWorkspaceB();
    const before = await snapshotOf(b.ws.id);
    const token = bookingManageToken(a.id, calendarOfB.bookingId, new Date("2030-01-01T10:30Z"));
    const ctx = { requestId: "cross-workspace", log: (await import("@/server/logger")).logger, ip: "10.9.9.8", userAgent: null };
    await expect(describeManagedBooking(ctx, token)).rejects.toThrow("This booking no longer exists.");
    const headers = { "content-type": "application/json", "x-forwarded-for": "10.9.9.8" };
    const cancelled = await cancel.POST(new Request("http://localhost:8000/api/public/booking/cancel", { method: "POST", headers, body: JSON.stringify({ token }) }));
    expect(cancelled.status).toBe(404);
    expect(await cancelled.text()).toContain("This booking no longer exists.");
    const moved = await reschedule.POST(
      new Request("http://localhost:8000/api/public/booking/reschedule", { method: "POST", headers, body: JSON.stringify({ token, startsAt: "2030-01-01T12:00:00Z" }) }),
    );
    expect(moved.status).toBe(404);
    expect(await snapshotOf(b.ws.id), "the manage link changed workspace B").toBe(before);
  });
});
