import { withWebhookBodyLimit } from "@/server/http/body-limit";
import { handlePostmarkWebhook } from "@/server/services/email/postmark-webhook";
import { recordEmailEvent } from "@/server/services/email/record-email-event";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /api/webhooks/postmark/events: bounces, spam complaints, subscription changes, deliveries (basic auth in the URL). */
export const POST = withWebhookBodyLimit((req) => handlePostmarkWebhook(req, recordEmailEvent));
