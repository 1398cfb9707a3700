import { recordSmsStatus } from "@/server/services/sms/record-sms-status";
import { handleTwilioWebhook } from "@/server/services/sms/webhook-response";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /api/webhooks/twilio/status: a delivery receipt of a message we sent (signed by Twilio). */
export function POST(req: Request) {
  return handleTwilioWebhook(req, recordSmsStatus);
}
