import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com), by the specification's own library: the signature
 * is HMAC-SHA256 over `<webhook-id>.<webhook-timestamp>.<body>` with the base64 key of a `whsec_` secret, sent as
 * `v1,<base64>`. During a rotation's overlap the message is signed with both secrets, space-separated, so a receiver
 * holding either one verifies it.
 */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export function webhookHeaders(input: { webhookId: string; timestamp: Date; body: string; secrets: readonly string[] }): Record<string, string> {
  const signature = input.secrets.map((secret) => new Webhook(secret).sign(input.webhookId, input.timestamp, input.body)).join(" ");
  return {
    "content-type": "application/json",
    "user-agent": "Loctelli-Webhooks/1",
    "webhook-id": input.webhookId,
    "webhook-timestamp": String(Math.floor(input.timestamp.getTime() / 1000)),
    "webhook-signature": signature,
  };
}
