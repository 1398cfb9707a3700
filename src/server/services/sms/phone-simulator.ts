import { randomBytes } from "node:crypto";
import type { z } from "zod";
import { getEnv } from "@/env";
import type { simulatorSendSchema, simulatorThreadSchema } from "@/schemas/sms";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { twilioSignature } from "@/server/integrations/messaging/twilio";
import { messageView, messageViewFields } from "@/server/services/messages/list-messages";
import { normalizePhone, regionFromSettings } from "@/server/services/phone";
import { INBOUND_SMS_PATH, localTwilioAuthToken, smsChannelOf } from "./sms-channel";

/**
 * The phone simulator: a person plays a lead texting one of the workspace's numbers, on a machine without a Twilio
 * account. The text goes through the real inbound webhook (over HTTP, signed with the local token as Twilio would
 * sign it), and the replies are read back from the conversation. Refused unless the simulator is on (development,
 * or PHONE_SIMULATOR=true as `npm start` sets it; never on a real deployment) and whenever the workspace
 * sends through Twilio (its messages would reach real phones).
 */
async function simulatorNumber(ctx: WorkspaceContext, numberId: number) {
  if (!getEnv().phoneSimulator) throw new AppError("FORBIDDEN", "The phone simulator is turned off on this server.");
  if ((await smsChannelOf(ctx.workspace.id)).source !== "local") {
    throw new AppError("PRECONDITION_FAILED", "The phone simulator only works while this workspace has no Twilio account (messages stay on this machine).");
  }
  const number = await ctx.db.smsNumber.findUnique({ where: { id: numberId }, select: { id: true, phoneNumber: true } });
  if (!number?.phoneNumber) throw AppError.field("numberId", "No such phone number in this workspace.");
  const workspace = await ctx.db.subAccount.findFirstOrThrow({ select: { settings: true } });
  return { to: number.phoneNumber, region: regionFromSettings(workspace.settings) };
}

export async function simulatorSend(ctx: WorkspaceContext, input: z.output<typeof simulatorSendSchema>) {
  const { to, region } = await simulatorNumber(ctx, input.numberId);
  const from = normalizePhone(input.from, region, "from");
  const params = { MessageSid: `SM${randomBytes(16).toString("hex")}`, AccountSid: "AClocal", From: from, To: to, Body: input.body, NumMedia: "0", NumSegments: "1" };
  const url = `${getEnv().publicUrl}${INBOUND_SMS_PATH}`;
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": twilioSignature(localTwilioAuthToken(), url, params) },
    body: new URLSearchParams(params).toString(),
    signal: AbortSignal.timeout(10_000),
  }).catch(() => null);
  if (!response?.ok) throw new AppError("SERVICE_UNAVAILABLE", "The app did not accept the simulated text; check that PUBLIC_URL points at this app.");
  return { messageSid: params.MessageSid, from };
}

/** The simulated phone's conversation with the number, oldest first (the newest 50). */
export async function simulatorThread(ctx: WorkspaceContext, input: z.output<typeof simulatorThreadSchema>) {
  const { region } = await simulatorNumber(ctx, input.numberId);
  const from = normalizePhone(input.from, region, "from");
  const lead = await ctx.db.lead.findFirst({ where: { phone: from }, select: { id: true, name: true, smsOptedOutAt: true } });
  if (!lead) return { lead: null, messages: [] };
  const rows = await ctx.db.message.findMany({
    where: { leadId: lead.id, channel: "sms", role: { in: ["lead", "assistant", "human"] } },
    orderBy: { id: "desc" },
    take: 50,
    select: messageViewFields,
  });
  return {
    lead,
    messages: rows.reverse().map(messageView).map(({ id, role, content, status, error, createdAt }) => ({ id, fromLead: role === "lead", content, status, error, createdAt })),
  };
}
