import { withWebhookBodyLimit } from "@/server/http/body-limit";
import { handlePostmarkWebhook } from "@/server/services/email/postmark-webhook";
import { receiveInboundEmail } from "@/server/services/email/receive-inbound-email";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /api/webhooks/postmark/inbound: an email to one of our inbound addresses (basic auth in the webhook URL). */
export const POST = withWebhookBodyLimit((req) => handlePostmarkWebhook(req, receiveInboundEmail));
