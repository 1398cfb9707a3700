import { recordSmsStatus } from "@/server/services/sms/record-sms-status";
import { withWebhookBodyLimit } from "@/server/http/body-limit";
import { handleTwilioWebhook } from "@/server/services/sms/webhook-response";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /api/webhooks/twilio/status: a delivery receipt of a message we sent (signed by Twilio). */
export const POST = withWebhookBodyLimit((req) => handleTwilioWebhook(req, recordSmsStatus));
