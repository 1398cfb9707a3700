import { receiveInboundSms } from "@/server/services/sms/receive-inbound-sms";
import { withWebhookBodyLimit } from "@/server/http/body-limit";
import { handleTwilioWebhook } from "@/server/services/sms/webhook-response";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /api/webhooks/twilio/sms: an SMS or MMS to one of our numbers (signed by Twilio). */
export const POST = withWebhookBodyLimit((req) => handleTwilioWebhook(req, receiveInboundSms));
