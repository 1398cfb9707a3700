import type { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import type { addSmsNumberSchema, setTwilioCredentialsSchema, smsSettingsSchema, updateSmsNumberSchema } from "@/schemas/sms";
import type { WorkspaceContext } from "@/server/context";
import { getEnv } from "@/env";
import { isUniqueViolation } from "@/server/db/errors";
import { checkTwilioAccount } from "@/server/integrations/messaging/twilio";
import { AppError } from "@/server/errors";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { normalizePhone, regionFromSettings } from "@/server/services/phone";
import { smsSettingsOf } from "./settings";
import { encryptTwilioAuthToken, platformTwilioCredentials, smsCredentialsOf } from "./sms-channel";
import { invalidateSmsRouting } from "./twilio-webhook";

const numberFields = { id: true, phoneNumber: true, messagingServiceSid: true, label: true, messagesPerSecond: true, createdAt: true } as const;

/** "AC…1f2e": enough to recognise the account, never the whole SID. */
const maskSid = (sid: string) => `${sid.slice(0, 2)}…${sid.slice(-4)}`;

/**
 * What the SMS settings page shows: which account sends (the workspace's own, the platform's, or the local outbox),
 * the rules with their defaults, and the numbers. The auth token never leaves the server.
 */
export async function getSmsSettings(ctx: WorkspaceContext) {
  const [workspace, own, numbers] = await Promise.all([
    ctx.db.subAccount.findFirstOrThrow({ select: { name: true, settings: true } }),
    ctx.db.twilioAccount.findFirst({ select: { accountSid: true, updatedAt: true } }),
    ctx.db.smsNumber.findMany({ orderBy: { id: "asc" }, select: numberFields }),
  ]);
  const source = own ? "workspace" : platformTwilioCredentials() ? "platform" : "local";
  const { timezone, ...rules } = smsSettingsOf(workspace);
  return {
    account: { source, accountSid: own ? maskSid(own.accountSid) : null, updatedAt: own?.updatedAt ?? null },
    rules,
    timezone,
    numbers,
  } as const;
}

export async function listSmsNumbers(ctx: WorkspaceContext) {
  return ctx.db.smsNumber.findMany({ orderBy: { id: "asc" }, select: numberFields });
}

/** The workspace's own Twilio account (a subaccount per client); the token is stored encrypted. */
export async function setTwilioCredentials(ctx: WorkspaceContext, input: z.output<typeof setTwilioCredentialsSchema>) {
  // Checked with Twilio before anything is stored: wrong credentials are refused here, in words, not at the first send.
  const check = await checkTwilioAccount(input, { apiBaseUrl: getEnv().TWILIO_API_URL });
  if (!check.ok) {
    ctx.log.info({ reason: check.reason, providerCode: check.providerCode }, "twilio credentials refused");
    if (check.reason === "credentials") throw AppError.field("authToken", check.message);
    throw new AppError(check.reason === "unreachable" ? "SERVICE_UNAVAILABLE" : "PRECONDITION_FAILED", check.message);
  }
  const data = { accountSid: input.accountSid, authToken: encryptTwilioAuthToken(ctx.workspace.id, input.authToken) };
  await ctx.db.twilioAccount.upsert({
    where: { subAccountId: ctx.workspace.id },
    create: { subAccountId: ctx.workspace.id, ...data },
    update: data,
    select: { id: true },
  });
  await invalidateSmsRouting();
  await auditInWorkspace(ctx, { action: "sms.credentials_set", targetType: "TwilioAccount", changes: { accountSid: maskSid(input.accountSid) } });
  return getSmsSettings(ctx);
}

/**
 * "Check connection" on Settings › SMS: asks Twilio (Accounts fetch, through the official SDK) about the account this
 * workspace sends through, and answers with its friendly name and status, or why it cannot be used, in words. Only
 * the name and the status are read from Twilio's answer (which carries the auth token); nothing is stored.
 */
export async function checkSmsConnection(ctx: WorkspaceContext) {
  const { source, credentials } = await smsCredentialsOf(ctx.workspace.id);
  const checkedAt = new Date();
  if (!credentials) {
    return {
      source,
      ok: false,
      friendlyName: null,
      status: null,
      message: "No Twilio account is set up, so there is nothing to check: texts stay on this machine.",
      checkedAt,
    } as const;
  }
  const check = await checkTwilioAccount(credentials, { apiBaseUrl: getEnv().TWILIO_API_URL });
  if (!check.ok) ctx.log.info({ reason: check.reason, providerCode: check.providerCode }, "twilio connection check failed");
  return check.ok
    ? { source, ok: true, friendlyName: check.friendlyName, status: check.status, message: null, checkedAt }
    : { source, ok: false, friendlyName: check.account?.friendlyName ?? null, status: check.account?.status ?? null, message: check.message, checkedAt };
}

export async function clearTwilioCredentials(ctx: WorkspaceContext) {
  const { count } = await ctx.db.twilioAccount.deleteMany({});
  if (count) await invalidateSmsRouting();
  if (count) await auditInWorkspace(ctx, { action: "sms.credentials_cleared", targetType: "TwilioAccount" });
  return getSmsSettings(ctx);
}

/** A number belongs to one workspace on the whole platform: inbound messages are routed by it. */
export async function addSmsNumber(ctx: WorkspaceContext, input: z.output<typeof addSmsNumberSchema>) {
  const workspace = await ctx.db.subAccount.findFirstOrThrow({ select: { settings: true } });
  const phoneNumber = input.phoneNumber ? normalizePhone(input.phoneNumber, regionFromSettings(workspace.settings), "phoneNumber") : null;
  try {
    const number = await ctx.db.smsNumber.create({
      data: { subAccountId: ctx.workspace.id, phoneNumber, messagingServiceSid: input.messagingServiceSid ?? null, label: input.label || null, messagesPerSecond: input.messagesPerSecond },
      select: numberFields,
    });
    await invalidateSmsRouting();
    await auditInWorkspace(ctx, { action: "sms.number_added", targetType: "SmsNumber", targetId: number.id, changes: { phoneNumber, messagingServiceSid: input.messagingServiceSid ?? null } });
    return number;
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const field = (e as { meta?: { target?: unknown } }).meta?.target?.toString().includes("messagingServiceSid") ? "messagingServiceSid" : "phoneNumber";
    throw AppError.field(field, field === "phoneNumber" ? "This number is already in use on the platform." : "This Messaging Service is already in use on the platform.");
  }
}

export async function updateSmsNumber(ctx: WorkspaceContext, input: z.output<typeof updateSmsNumberSchema>) {
  const data: Prisma.SmsNumberUpdateInput = {
    ...(input.label !== undefined ? { label: input.label || null } : {}),
    ...(input.messagesPerSecond !== undefined ? { messagesPerSecond: input.messagesPerSecond } : {}),
  };
  const { count } = await ctx.db.smsNumber.updateMany({ where: { id: input.id }, data });
  if (!count) throw new AppError("NOT_FOUND", "No such number in this workspace.");
  await auditInWorkspace(ctx, { action: "sms.number_updated", targetType: "SmsNumber", targetId: input.id, changes: data as Prisma.InputJsonValue });
  return ctx.db.smsNumber.findUniqueOrThrow({ where: { id: input.id }, select: numberFields });
}

/** Messages keep their text; they lose the link to the number (the composite key sets it to null). */
export async function removeSmsNumber(ctx: WorkspaceContext, input: { id: number }) {
  const { count } = await ctx.db.smsNumber.deleteMany({ where: { id: input.id } });
  if (!count) throw new AppError("NOT_FOUND", "No such number in this workspace.");
  await invalidateSmsRouting();
  await auditInWorkspace(ctx, { action: "sms.number_removed", targetType: "SmsNumber", targetId: input.id });
  return { removed: true };
}

/** The SMS rules are merged into the workspace's settings, so one form never erases another's keys. */
export async function updateSmsSettings(ctx: WorkspaceContext, input: z.output<typeof smsSettingsSchema>) {
  if (input.newLeadStrategyId != null && !(await ctx.db.strategy.findUnique({ where: { id: input.newLeadStrategyId }, select: { id: true } }))) {
    throw AppError.field("newLeadStrategyId", "No such strategy in this workspace.");
  }
  const current = await ctx.db.subAccount.findFirstOrThrow({ select: { settings: true } });
  const settings = (current.settings ?? {}) as Record<string, unknown>;
  const sms = { ...((settings.sms as Record<string, unknown> | undefined) ?? {}), ...input };
  await ctx.db.subAccount.update({ where: { id: ctx.workspace.id }, data: { settings: { ...settings, sms } as Prisma.InputJsonValue }, select: { id: true } });
  await auditInWorkspace(ctx, { action: "sms.settings_updated", targetType: "SubAccount", targetId: ctx.workspace.id, changes: input as Prisma.InputJsonValue });
  return getSmsSettings(ctx);
}
