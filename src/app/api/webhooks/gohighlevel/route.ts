import { withWebhookBodyLimit } from "@/server/http/body-limit";
import { handleGhlWebhook } from "@/server/services/integrations/gohighlevel/webhook";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /api/webhooks/gohighlevel: contact and appointment events of a connected location (X-GHL-Signature, Ed25519). */
export const POST = withWebhookBodyLimit((req) => handleGhlWebhook(req));
