import { randomUUID } from "node:crypto";
import { getEnv } from "@/env";
import { twilioSignature } from "@/server/integrations/messaging/twilio";
import type { Logger } from "@/server/logger";
import { recordSmsStatus } from "./record-sms-status";
import { localTwilioAuthToken, STATUS_CALLBACK_PATH } from "./sms-channel";

/**
 * The local outbox stands in for Twilio on a machine without an account, so it also answers as Twilio would after a
 * send: "sent", then "delivered", signed with the local token and checked by the same service as the status
 * webhook. Only where the phone simulator is on (PHONE_SIMULATOR; the local driver delivers nothing anywhere else).
 */
export async function simulateDeliveryReceipts(input: { workspaceId: number; externalId: string; from: string; to: string; log: Logger }): Promise<void> {
  const env = getEnv();
  if (!env.phoneSimulator) return;
  const url = `${env.publicUrl}${STATUS_CALLBACK_PATH}`;
  const token = localTwilioAuthToken();
  for (const status of ["sent", "delivered"]) {
    const params = { MessageSid: input.externalId, MessageStatus: status, From: input.from, To: input.to, AccountSid: "AClocal" };
    try {
      await recordSmsStatus(
        { requestId: randomUUID(), log: input.log, ip: "local-driver", userAgent: null },
        { params, url, signature: twilioSignature(token, url, params) },
      );
    } catch (e) {
      input.log.warn({ err: { message: (e as Error).message } }, "local delivery receipt not recorded");
    }
  }
}
